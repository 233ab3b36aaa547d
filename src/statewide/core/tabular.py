"""The tabular export writer: one table (rows of cells) to CSV, or named sheets to XLSX.

Every CSV/XLSX download of the project goes through these two functions (self-assessment results and
roadmaps, the tracker's comparison), so formatting rules live in one place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook


def to_csv(rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        ws = wb.create_sheet(title[:31])
        for row in rows:
            ws.append([str(v) if v is not None and not isinstance(v, (int, float)) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
