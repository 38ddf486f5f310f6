"""The lint rules, one module per theme; importing a module registers its rules.

Codes by hundreds: 1xx references to attachments and their names, 2xx dates,
3xx numbering and headings, 4xx typography, 5xx page layout.
"""

from notice_kit.lint.rules import attachments, dates, layout, numbering, typography

__all__ = ["attachments", "dates", "layout", "numbering", "typography"]
