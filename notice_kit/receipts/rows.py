"""Turning what a reader found into the form's rows: columns matched by name, blank rows
dropped, merged and split cells reported, values cleaned and checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from notice_kit.receipts.form import FormSpec
from notice_kit.receipts.matching import HeaderMatch, find_header, has_title, read_fields, squeeze
from notice_kit.receipts.model import Cell, Issue, RawReply, ReplyError, ReplyRow
from notice_kit.receipts.values import clean, column_kind, normalize, problem


@dataclass
class ReadReply:
    """One reply matched to the form: its unit, header fields, rows and the issues."""

    unit: str
    fields: dict[str, str]
    rows: list[ReplyRow]
    issues: list[Issue] = field(default_factory=list)


def match_reply(raw: RawReply, spec: FormSpec) -> ReadReply:
    """Match ``raw`` to the form ``spec``.  Raises :class:`ReplyError` when it is not a
    reply to this 回执 (no table with its columns, no form fields of it)."""
    name = raw.path.name
    issues: list[Issue] = []
    if raw.named_rows is not None:
        fields = _named_fields(raw, spec)
        table_rows = _named_rows(raw, spec)
    else:
        header = find_header(raw.tables, spec)
        if header is None:
            title = "标题相符但" if has_title(raw.lines, spec) else ""
            raise ReplyError(raw.path, f"不是本通知的回执：{title}找不到含“{'、'.join(spec.columns)}”"
                                       f"的表格 / not a reply to this 回执: no table with its columns")
        if raw.format == "docx" and not has_title(raw.lines, spec):
            issues.append(Issue(name, f"找不到回执标题“{spec.title}” / the 回执's title is missing",
                                severity="warning"))
        issues += _header_issues(name, header)
        fields = read_fields(raw.lines, spec.fields)
        table_rows = list(_table_rows(raw, header, issues))
    fields = {k: normalize(v) for k, v in fields.items()}
    unit = fields.pop(spec.unit_field, "") if spec.unit_field else ""
    unit = unit or (spec.prefilled.get(spec.unit_field, "") if spec.unit_field else "")
    if spec.unit_field and not unit:
        issues.append(Issue(name, f"未填{spec.unit_field} / {spec.unit_field} is empty",
                            column=spec.unit_field))
    rows = []
    for number, values in table_rows:
        row_issues = _check_row(name, number, values, spec)
        issues += row_issues
        rows.append(ReplyRow(unit=unit, values=values, file=name, row=number, fields=fields,
                             problems=tuple(f"{i.column}：{i.message}" if i.column else i.message
                                            for i in row_issues)))
    if not rows:
        issues.append(Issue(name, "回执表格中没有填写内容 / the table has no filled rows",
                            severity="warning"))
    return ReadReply(unit, fields, rows, issues)


def _named_fields(raw: RawReply, spec: FormSpec) -> dict[str, str]:
    labels = {squeeze(lbl): lbl for lbl in spec.fields}
    return {labels[squeeze(k)]: v for k, v in raw.fields.items() if squeeze(k) in labels}


def _named_rows(raw: RawReply, spec: FormSpec) -> list[tuple[int, dict[str, str]]]:
    assert raw.named_rows is not None
    columns = {squeeze(c): c for c in spec.columns}
    seen = {squeeze(c) for cells in raw.named_rows.values() for c in cells}
    if not seen & set(columns):
        raise ReplyError(raw.path, "不是本通知的回执：表单域与回执各列不符 / not a reply to this "
                                   "回执: its form fields are not the form's columns")
    rows = []
    for number in sorted(raw.named_rows):
        values = {columns[squeeze(k)]: v for k, v in raw.named_rows[number].items()
                  if squeeze(k) in columns}
        values = _cleaned(values, spec)
        if _filled(values):
            # The 序号 is printed on the form, not a field: the row it is on.
            for column in spec.columns:
                if column_kind(column) == "number":
                    printed = spec.rows[number - 1] if number <= len(spec.rows) else ()
                    values[column] = (printed[spec.columns.index(column)] if printed else "") \
                        or str(number)
            rows.append((number, values))
    return rows


def _header_issues(name: str, header: HeaderMatch) -> list[Issue]:
    issues = []
    if header.reordered:
        issues.append(Issue(name, "表格各列顺序与回执不同，已按列名读取 / the columns are in another "
                                  "order: read by their names", severity="warning"))
    for column, text in header.renamed.items():
        issues.append(Issue(name, f"列名“{text}”按“{column}”读取 / column {text!r} read as {column!r}",
                            column=column, severity="warning"))
    for text in header.unknown:
        issues.append(Issue(name, f"多出的列“{text}”未收集 / extra column {text!r} not collected",
                            column=text, severity="warning"))
    for column in header.missing:
        issues.append(Issue(name, f"缺少“{column}”列 / column {column!r} is missing", column=column))
    return issues


def _table_rows(raw: RawReply, header: HeaderMatch, issues: list[Issue]
                ) -> list[tuple[int, dict[str, str]]]:
    """Return (row number, values) of each filled row below the header."""
    name = raw.path.name
    head_cells = header.table.rows[header.row]
    spans = [(c.start, c.end, header.columns.get(i)) for i, c in enumerate(head_cells)]
    head_texts = [squeeze(c.text) for c in head_cells]
    spec_columns = list(dict.fromkeys(header.columns.values()))
    out = []
    sheet = raw.format in ("xlsx", "csv")
    for offset, cells in enumerate(header.table.rows[header.row + 1:], start=1):
        number = header.row + 1 + offset if sheet else offset
        if [squeeze(c.text) for c in cells] == head_texts:
            continue  # the header repeated (a table continued on another page)
        values = _place_cells(name, number, cells, spans, issues)
        r = header.row + offset
        merged_down = sorted({col for (row, start) in header.table.continued if row == r
                              for (a, b, col) in spans if col and a <= start < b})
        for col in merged_down:
            if values.get(col):
                issues.append(Issue(name, "与上一行合并的单元格，沿用上一行的值 / cell merged with "
                                          "the row above: its value repeated", row=number,
                                    column=col, severity="warning"))
        values = {c: values.get(c, "") for c in spec_columns}
        if _filled(values):
            out.append((number, values))
    return out


def _place_cells(name: str, number: int, cells: list[Cell],
                 spans: list[tuple[int, int, str | None]], issues: list[Issue]) -> dict[str, str]:
    """Put each cell's text in the column whose header it starts under; report cells merged
    across columns and columns split into several cells."""
    values: dict[str, list[str]] = {}
    for cell in cells:
        covered = [col for (a, b, col) in spans if a < cell.end and cell.start < b]
        column = next((col for (a, b, col) in spans if a <= cell.start < b), None)
        if column is None or not cell.text.strip():
            continue
        values.setdefault(column, []).append(cell.text.strip())
        if len(covered) > 1:
            issues.append(Issue(name, f"单元格跨“{'、'.join(c or '?' for c in covered)}”合并，"
                                      f"内容归入“{column}” / cell merged across columns: read "
                                      f"into {column}", row=number, column=column,
                                severity="warning"))
    for column, texts in values.items():
        if len(texts) > 1:
            issues.append(Issue(name, f"单元格被拆分，内容已合并：{' | '.join(texts)} / cell split "
                                      "into several: their texts joined", row=number,
                                column=column, severity="warning"))
    return {c: " ".join(t) for c, t in values.items()}


def _filled(values: dict[str, str]) -> bool:
    """Whether a row holds anything but its printed 序号 (blank rows are not replies)."""
    return any(v.strip() and column_kind(c) != "number" for c, v in values.items())


def _cleaned(values: dict[str, str], spec: FormSpec) -> dict[str, str]:
    return {c: clean(spec.kind(c), v) for c, v in values.items()}


def _check_row(name: str, number: int, values: dict[str, str], spec: FormSpec) -> list[Issue]:
    issues = []
    for column in spec.columns:
        kind = spec.kind(column)
        if column not in values:  # the reply lacks the column: reported once, not per row
            values[column] = ""
            continue
        value = clean(kind, values[column])
        values[column] = value
        if kind == "number":
            continue
        if not value:
            issues.append(Issue(name, "未填 / empty", row=number, column=column,
                                severity="warning"))
        elif (msg := problem(kind, value)) is not None:
            issues.append(Issue(name, msg, row=number, column=column,
                                severity="warning" if kind == "name" else "error"))
    return issues
