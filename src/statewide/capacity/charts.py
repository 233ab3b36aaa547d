"""The readiness progress chart: plain SVG drawn on the server from the data (a data table sits next to it)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 48, 16, 16, 40


def _y(score: float) -> float:
    return TOP + (4 - score) / 3 * (HEIGHT - TOP - BOTTOM)


def progress_svg(points: list[tuple[str, float | None]], tiers: list[dict[str, Any]]) -> SafeString:
    """A line of the overall score (1–4) per round, with the tier boundaries as dashed lines."""
    n = max(len(points), 1)
    step = (WIDTH - LEFT - RIGHT) / max(n - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="progress-title" class="width-full">',
        f'<title id="progress-title">{escape(_("Overall readiness score by round (1 to 4); the table below has the same data."))}</title>',
    ]
    for grid in (1, 2, 3, 4):
        y = _y(grid)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dfe1e2"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1b1b1b">{grid}</text>')
    for tier in tiers:
        y = _y(float(tier["min_score"]))
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#565c65" stroke-dasharray="4 4"/>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{y - 4:.1f}" text-anchor="end" font-size="12" fill="#1b1b1b">{escape(tier["name"])}</text>')
    coords = []
    for index, (label, score) in enumerate(points):
        x = LEFT + (index * step if n > 1 else (WIDTH - LEFT - RIGHT) / 2)
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 16}" text-anchor="middle" font-size="12" fill="#1b1b1b">{escape(label[:24])}</text>')
        if score is not None:
            coords.append((x, _y(score)))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#005ea2" stroke-width="3"/>')
    parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#005ea2"/>' for x, y in coords)
    parts.append("</svg>")
    return mark_safe("".join(parts))
