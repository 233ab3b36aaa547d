"""A state's map drawn on the server as plain SVG: its outline and a dot per place.

The shapes are the ones the policy tracker's national map draws (us-atlas `states-albers-10m.json`,
Census cartographic boundaries already projected with d3's Albers USA at scale 1300). Places given
as latitude and longitude are projected here with the same Albers USA (the conic equal-area
projections and insets of d3-geo), so the dots land on the shapes. Every map has a data table next
to it on its page; the SVG repeats its points as `<title>`s for screen readers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ATLAS = "us-atlas/states-albers-10m.json"
SCALE, TX, TY = 1300.0, 487.5, 305.0


@dataclass(frozen=True)
class _Conic:
    """d3-geo's conicEqualArea with rotate([rot, 0]), center(center), parallels(p0, p1), scale, translate."""

    rot: float
    center: tuple[float, float]
    parallels: tuple[float, float]
    k: float
    tx: float
    ty: float

    def _raw(self, lam: float, phi: float) -> tuple[float, float]:
        s0 = math.sin(math.radians(self.parallels[0]))
        n = (s0 + math.sin(math.radians(self.parallels[1]))) / 2
        c = 1 + s0 * (2 * n - s0)
        r0 = math.sqrt(c) / n
        r = math.sqrt(max(c - 2 * n * math.sin(phi), 0.0)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians(lon + self.rot)
        lam = (lam + math.pi) % (2 * math.pi) - math.pi
        x, y = self._raw(lam, math.radians(lat))
        cx, cy = self._raw(math.radians(self.center[0]), math.radians(self.center[1]))
        return self.tx + self.k * (x - cx), self.ty + self.k * (cy - y)


LOWER48 = _Conic(96, (-0.6, 38.7), (29.5, 45.5), SCALE, TX, TY)
ALASKA = _Conic(154, (-2, 58.5), (55, 65), SCALE * 0.35, TX - 0.307 * SCALE, TY + 0.201 * SCALE)
HAWAII = _Conic(157, (-3, 19.9), (8, 18), SCALE, TX - 0.205 * SCALE, TY + 0.212 * SCALE)


def project(usps: str, lon: float, lat: float) -> tuple[float, float]:
    """Albers USA: Alaska and Hawaii in their insets, everything else on the lower-48 conic."""
    return {"AK": ALASKA, "HI": HAWAII}.get(usps.upper(), LOWER48)(lon, lat)


@cache
def _atlas() -> dict[str, Any] | None:
    found = finders.find(ATLAS)
    path = Path(found if isinstance(found, str) else (found or [""])[0]) if found else None
    if path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def _arcs() -> list[list[tuple[float, float]]]:
    topo = _atlas() or {"arcs": [], "transform": {"scale": [1, 1], "translate": [0, 0]}}
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int]) -> list[tuple[float, float]]:
    arcs = _arcs()
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


@cache
def state_rings(fips: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The state's outline as rings of projected points (empty when the atlas is not installed)."""
    topo = _atlas()
    if topo is None:
        return ()
    for geometry in topo["objects"]["states"]["geometries"]:
        if geometry.get("id") == fips:
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            return tuple(tuple(_ring(ring)) for polygon in polygons for ring in polygon)
    return ()


Point = tuple[str, float, float] | tuple[str, float, float, str, str]  # (label, longitude, latitude[, color, shape])
DOT = "#005ea2"


def mark_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path for a mark of `shape` (circle, square, triangle-up, diamond, cross) centered on (x, y), of radius about `r`."""
    if shape == "square":
        a = r * 0.9
        return f"M{x - a:.1f},{y - a:.1f}h{2 * a:.1f}v{2 * a:.1f}h{-2 * a:.1f}Z"
    if shape == "triangle-up":
        return f"M{x:.1f},{y - 1.2 * r:.1f}L{x + 1.1 * r:.1f},{y + 0.8 * r:.1f}L{x - 1.1 * r:.1f},{y + 0.8 * r:.1f}Z"
    if shape == "diamond":
        return f"M{x:.1f},{y - 1.25 * r:.1f}L{x + 1.25 * r:.1f},{y:.1f}L{x:.1f},{y + 1.25 * r:.1f}L{x - 1.25 * r:.1f},{y:.1f}Z"
    if shape == "cross":
        a, b = r * 1.1, r * 0.38
        return (
            f"M{x - b:.1f},{y - a:.1f}h{2 * b:.1f}v{a - b:.1f}h{a - b:.1f}v{2 * b:.1f}h{b - a:.1f}v{a - b:.1f}"
            f"h{-2 * b:.1f}v{b - a:.1f}h{b - a:.1f}v{-2 * b:.1f}h{a - b:.1f}Z"
        )
    return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"


def mark_swatch(color: str, shape: str) -> SafeString:
    """A small stand-alone SVG of one mark, for a map's legend (hidden from screen readers: the legend's text says it)."""
    path = mark_path(shape, 8, 8, 5.5)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
        f'<path d="{path}" fill="{escape(color)}" stroke="#1b1b1b" stroke-width="1"/></svg>'
    )


def state_map_svg(*, fips: str, usps: str, title: str, points: Sequence[Point]) -> SafeString | None:
    """The state's outline and a mark per (label, longitude, latitude): a blue dot, or the point's own color and
    shape (label, longitude, latitude, color, shape; a dark outline keeps light colors visible). None when the
    shapes are unavailable."""
    rings = state_rings(fips)
    if not rings:
        return None
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    pad = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.03
    left, top, width, height = min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    outline = " ".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
    radius = max(width, height) / 90
    dots = []
    for point in points:
        label, lon, lat = point[0], point[1], point[2]
        x, y = project(usps, lon, lat)
        if len(point) == 5:
            color, shape = point[3], point[4]  # type: ignore[misc]
            dots.append(
                f'<path d="{mark_path(shape, x, y, radius)}" fill="{escape(color)}" stroke="#1b1b1b" stroke-width="{radius / 5:.2f}">'
                f"<title>{escape(label)}</title></path>"
            )
        else:
            dots.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{DOT}" stroke="#ffffff" stroke-width="{radius / 3:.2f}"><title>{escape(label)}</title></circle>'
            )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}" role="img" aria-labelledby="state-map-title" class="width-full">'
        f'<title id="state-map-title">{escape(title)}</title>'
        f'<path d="{outline}" fill="#f0f0f0" stroke="#565c65" stroke-width="{radius / 4:.2f}" fill-rule="evenodd"/>' + "".join(dots) + "</svg>"
    )
    return mark_safe(svg)
