"""The state's profile across the conditions as a server-side SVG dot chart.

Drawn on the server so it prints, goes into the PDF, and needs no script. The page puts a data table
with the same numbers next to it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

LABEL_WIDTH = 300
COLUMN_WIDTH = 160
ROW_HEIGHT = 34
TOP = 56


def profile_chart(data: dict[str, Any]) -> dict[str, Any]:
    columns = [{"id": "not-started", "name": _("Not started")}, *data["phases"]]
    index = {c["id"]: i for i, c in enumerate(columns)}
    cols = [{"name": c["name"], "x": LABEL_WIDTH + i * COLUMN_WIDTH + COLUMN_WIDTH // 2} for i, c in enumerate(columns)]
    rows = []
    for n, c in enumerate(data["conditions"]):
        y = TOP + n * ROW_HEIGHT
        status = c["status"]
        known = status in index
        col = index.get(status, 0)
        rows.append(
            {
                "name": c["name"],
                "y": y,
                "text_y": y + 5,
                "x": LABEL_WIDTH + col * COLUMN_WIDTH + COLUMN_WIDTH // 2,
                "known": known,
                "label": columns[col]["name"] if known else _("Not answered"),
                "priority": c["priority"],
                "line_end": LABEL_WIDTH + len(columns) * COLUMN_WIDTH - 10,
            }
        )
    height = TOP + len(rows) * ROW_HEIGHT
    return {
        "width": LABEL_WIDTH + len(columns) * COLUMN_WIDTH,
        "height": height,
        "columns": cols,
        "rows": rows,
        "grid_bottom": height - ROW_HEIGHT // 2,
        "label_x": LABEL_WIDTH - 12,
        "unknown_x": LABEL_WIDTH + 6,
    }
