"""CSV export: one row per edit, the JSON contract's edit fields flattened into columns.

Columns (in this order; see ``COLUMNS``): the edit's ``id``, ``kind``, ``stage``,
``carried``, ``evidence``, ``rule``, ``hand``; each side's span as ``draft_text``,
``draft_line``, ``draft_col``, ``draft_start``, ``draft_end``, ``draft_tokens`` and
the same for ``final_…``; then each document's ``…_label``, ``…_path`` and
``…_lines``. An absent side (a despatch-stage insertion has no draft span) leaves
its cells empty; ``carried`` is ``true``, ``false`` or empty; token indices are
joined with spaces.

Spreadsheet safety: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be run as a formula by Excel, LibreOffice or Google Sheets
(CSV injection). Such cells get a leading apostrophe (``'- 2 -``), which those
programs show as text and hide. Only text cells are touched: numbers and ids are
never changed. Pass ``safe=False`` for the raw values.

Options: ``bom=True`` starts the output with a UTF-8 byte-order mark, so Excel
opens the file as UTF-8; ``safe=False`` as above. Rows end with ``\\r\\n`` as
RFC 4180 asks, and every field is quoted only when it must be.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterator

from ..safe import defuse
from ..model import Comparison, Edit, Source, Span

EDIT_FIELDS = ("id", "kind", "stage", "carried", "evidence", "rule", "hand")
SPAN_FIELDS = ("text", "line", "col", "start", "end", "tokens")
DOC_FIELDS = ("label", "path", "lines")
COLUMNS: tuple[str, ...] = (
    *EDIT_FIELDS,
    *(f"{side}_{f}" for side in ("draft", "final") for f in SPAN_FIELDS),
    *(f"{side}_{f}" for side in ("draft", "final") for f in DOC_FIELDS),
)
BOM = "\ufeff"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return " ".join(str(v) for v in value)
    return str(value)


def _span_cells(side: str, s: Span | None) -> dict[str, Any]:
    if s is None:
        return {f"{side}_{f}": None for f in SPAN_FIELDS}
    return {f"{side}_{f}": getattr(s, f) for f in SPAN_FIELDS}


def _doc_cells(side: str, s: Source) -> dict[str, Any]:
    return {f"{side}_label": s.label, f"{side}_path": s.path, f"{side}_lines": f"{s.first}-{s.last}"}


def edit_row(c: Comparison, e: Edit) -> dict[str, str]:
    """One edit as a row of raw (not yet defused) cells, keyed by column name."""
    row: dict[str, Any] = {f: getattr(e, f) for f in EDIT_FIELDS}
    row.update(_span_cells("draft", e.draft))
    row.update(_span_cells("final", e.final))
    row.update(_doc_cells("draft", c.draft.source))
    row.update(_doc_cells("final", c.final.source))
    return {k: _cell(row[k]) for k in COLUMNS}


_TEXT_COLUMNS = frozenset({"draft_text", "final_text", "draft_label", "final_label", "draft_path", "final_path",
                           "evidence", "rule"})


BLOCK = 1000
"""Rows written to one piece of ``chunks``."""


def chunks(c: Comparison, *, bom: bool = False, safe: bool = True, **_: object) -> Iterator[str]:
    """The edits of ``c`` as CSV text with a header row, in pieces of ``BLOCK`` rows, in order:
    written as they are made, a large comparison's CSV is never held whole."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if bom:
        out.write(BOM)
    writer.writeheader()
    for n, e in enumerate(c.edits, 1):
        row = edit_row(c, e)
        if safe:
            row = {k: defuse(v) if k in _TEXT_COLUMNS else v for k, v in row.items()}
        writer.writerow(row)
        if n % BLOCK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def render(c: Comparison, *, bom: bool = False, safe: bool = True, **_: object) -> str:
    """The edits of ``c`` as CSV text with a header row (``chunks``, joined)."""
    return "".join(chunks(c, bom=bom, safe=safe))
