"""What the PDF build asks of the renderer after measuring a first conversion.

The .docx keeps the pagination rules with keep-with-next chains, which Word, WPS and
LibreOffice obey; where LibreOffice 7.4 lays a chain out badly (measured), the build
converts, looks, and renders again with one of these adjustments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fitting:
    """Adjustments to the notice's last page.

    ``carry_rows``: a table ending the body starts its last rows on a new page (under a
    repeated header row): LibreOffice ignores keep-with-next on a table's last row, and
    the 署名 came out alone.  ``keep_body_end`` False: the body's last paragraph is not
    kept with the 附件说明 and 署名: LibreOffice moved it whole onto the next page and
    left page 1 without body text (it does not split a keep-with-next paragraph).
    ``closing_blank_scale`` below 1 shortens the blank lines before the 附件说明 and the
    署名 ("可以采取调整行距、字距的措施解决", 7.3.5), tried first when the chain missed
    page 1 by a little.
    ``split_last_paragraph``: where (a character index) the body's last paragraph is cut
    in two, the second part carried to the 署名's page with the chain.  The cut is at a
    line end LibreOffice chose, read off a conversion with the paragraph let go, so the
    first part ends with a full line and reads as before; the second part continues the
    paragraph without an indent (a typesetter's "pull the last lines over").
    """

    carry_rows: int = 0
    keep_body_end: bool = True
    closing_blank_scale: float = 1.0
    split_last_paragraph: int = 0


AS_WRITTEN = Fitting()
