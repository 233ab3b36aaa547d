"""The one writer of tabular exports (CSV and XLSX), used by every module.

Spreadsheet programs run a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so an export would carry whatever a respondent or an importer typed into the reader's
spreadsheet (CSV injection). Every text cell that begins with one of those characters is written
in CSV with a leading single quote (OWASP's rule); a text cell that already begins with a quote gets
one more, so `unneutralise` restores the exact text when a file comes back in. In XLSX every text
cell is written as a string, never a formula. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

Row = Sequence[Any]


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: text starting a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + text
    return text


def unneutralise(text: str) -> str:
    """The text `neutralise` was given (for importers reading our own exports back)."""
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return text[1:]
    return text


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """Rows (the first is the header) as CSV lines, one at a time, every cell neutralised (for streamed downloads)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()


def csv_text(rows: Iterable[Row]) -> str:
    """Rows (the first is the header) as CSV text, every cell neutralised."""
    return "".join(csv_lines(rows))


def xlsx_bytes(sheets: Sequence[tuple[str, Iterable[Row]]]) -> bytes:
    """One worksheet per (title, rows). Text is stored as text (never a formula) with its exact value;
    text that would start a formula also carries Excel's "quote prefix" style, as if typed with a `'`."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        ws = wb.create_sheet(title[:31])
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or isinstance(value, (int, float)):
                    ws.cell(row=r, column=c, value=neutralise(value))
                    continue
                text = str(value)
                cell = ws.cell(row=r, column=c, value=text)
                cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
                if text.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
