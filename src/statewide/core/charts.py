"""The one charting approach: Vega-Lite specifications, rendered to SVG on the server.

A `Chart` carries everything a reader needs, so no chart is ever only a picture:

* `title` and `summary` (a sentence or two saying what the chart shows, in words);
* `columns` and `rows`, the data table printed next to it and written to CSV/XLSX;
* `spec`, a Vega-Lite specification with the data inlined.

`chart.svg` renders the specification with vl-convert (Vega's own renderer, no browser, no
network, no script on the page), so the same chart appears on a page, in a PDF (WeasyPrint reads
inline SVG) and in an export. Vega's own ARIA output is turned off; the SVG is one `role="img"`
labelled by the chart's title and summary, and the table beside it carries the detail.

Colors come from the Okabe-Ito palette (told apart by readers with any common color-vision
deficiency, and in grayscale print by lightness); lines also differ by dash and point shape, so
no series is told apart by color alone.

Rendered SVG is kept in memory by the specification's hash: the same data always draws the same picture.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FieldType = Literal["nominal", "ordinal", "quantitative", "temporal"]

# Okabe & Ito (2008), darkest first so a single series prints dark.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
FONT = "Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif"
INK = "#1b1b1b"
WIDTH = 560


@dataclass(frozen=True)
class Field:
    """One field of the chart's data: its key in each row, its label for people, its type."""

    key: str
    label: str
    type: FieldType = "nominal"
    format: str | None = None  # a d3 format for numbers (",d", ".0%", ".1f")

    def encoding(self, **extra: Any) -> dict[str, Any]:
        """A position channel (x, y): the format goes on the axis."""
        spec: dict[str, Any] = {"field": self.key, "type": self.type, "title": self.label}
        if self.format and self.type == "quantitative":
            spec["axis"] = {"format": self.format}
        for key, value in extra.items():
            spec[key] = {**spec[key], **value} if isinstance(value, dict) and isinstance(spec.get(key), dict) else value
        return spec

    def tooltip(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"field": self.key, "type": self.type, "title": self.label}
        if self.format and self.type == "quantitative":
            spec["format"] = self.format
        return spec

    def legend(self, **extra: Any) -> dict[str, Any]:
        """A color, dash or shape channel: the field names the legend."""
        return {"field": self.key, "type": self.type, "title": self.label, **extra}


@dataclass(frozen=True)
class Column:
    """One column of the chart's data table.

    A row may carry `<key>_display` (for example "<5 %" or "suppressed") to show in the table in
    place of its value; otherwise numbers are formatted with the field's format.
    """

    key: str
    label: str
    numeric: bool = False
    format: str | None = None

    def display(self, row: Mapping[str, Any]) -> Any:
        shown = row.get(f"{self.key}_display")
        if shown is not None:
            return shown
        value = row.get(self.key)
        if value is None or not self.numeric or isinstance(value, bool):
            return value
        return _formatted(value, self.format)


def _formatted(value: float, d3_format: str | None) -> str:
    """The table shows numbers as the axis does (the d3 formats the builders use)."""
    if d3_format == ".0%":
        return f"{value:.0%}"
    if d3_format == ".1%":
        return f"{value:.1%}"
    if d3_format == ".1f":
        return f"{value:.1f}"
    if d3_format == ".2f":
        return f"{value:.2f}"
    if isinstance(value, int) or d3_format == ",d":
        return f"{round(value):,}"
    return f"{value:,}"


@dataclass(frozen=True)
class Chart:
    title: str
    summary: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    spec: dict[str, Any] = field(repr=False)
    # Shown in the table when a cell is None (for example "not reported" or "suppressed").
    empty_cell: str = "—"

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def table(self) -> list[list[Any]]:
        """The data table as shown, headers first: what CSV/XLSX exports write (via core.tabular)."""
        return [[c.label for c in self.columns], *([c.display(row) for c in self.columns] for row in self.rows)]

    def cells(self) -> list[list[tuple[Column, Any]]]:
        """Rows of (column, shown value) pairs, for templates."""
        return [[(c, c.display(row)) for c in self.columns] for row in self.rows]

    @cached_property
    def svg(self) -> SafeString:
        """The chart as accessible inline SVG (empty when there is no data)."""
        if self.is_empty:
            return mark_safe("")
        return mark_safe(_accessible(render_svg(self.spec), self.title, self.summary))


def render_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite specification to SVG, cached by its content."""
    text = json.dumps(spec, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return _render_cached(digest, text)


@lru_cache(maxsize=256)
def _render_cached(digest: str, text: str) -> str:
    # In-process only: a render takes tens of milliseconds, less than a cache round trip to the
    # database, and whole public pages are cached by `core.cache.public_page` anyway.
    import vl_convert  # noqa: PLC0415 - a V8 runtime: loaded when a chart is first drawn, not at start-up

    return str(vl_convert.vegalite_to_svg(json.loads(text)))


_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
# Vega still labels some mark containers for assistive technology; inside one role="img" they are noise.
_INNER_ARIA = re.compile(r'\s(?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*"|aria-hidden="true")')


def _accessible(svg: str, title: str, summary: str) -> str:
    """One labelled image that scales to its container; Vega's inner markup stays as drawn."""
    ident = "chart-" + hashlib.sha256((title + summary + svg).encode()).hexdigest()[:10]
    root = _ROOT.search(svg)
    if root is None:  # pragma: no cover - vl-convert always returns an <svg> root
        return ""
    svg = svg[: root.end()] + _INNER_ARIA.sub("", svg[root.end() :])
    opening = _SIZE.sub("", root.group(0))[:-1].replace(' class="marks"', "")
    opening += (
        f' class="statewide-chart__svg" role="img" focusable="false" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(summary)}</desc>'
    )
    return svg[: root.start()] + opening + svg[root.end() :]


def _config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "aria": False,
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "range": {"category": list(PALETTE)},
        "axis": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": "#dfe1e2",
            "domainColor": "#565c65",
            "tickColor": "#565c65",
            "labelLimit": 220,
        },
        "legend": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "orient": "bottom",
            "direction": "vertical",
            "labelLimit": 320,
        },
        "title": {"color": INK, "fontSize": 14, "anchor": "start"},
        "bar": {"color": PALETTE[0]},
        "line": {"color": PALETTE[0], "strokeWidth": 3},
        "point": {"color": PALETTE[0], "filled": True, "size": 70, "opacity": 1},
        "text": {"color": INK, "fontSize": 12},
    }
    config.update(overrides)
    return config


def _spec(data: Sequence[Mapping[str, Any]], layers: list[dict[str, Any]], *, width: int, height: int | dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
        "data": {"values": [dict(row) for row in data]},
        "width": width,
        "height": height,
        "config": _config(),
    }
    if len(layers) == 1:
        spec.update(layers[0])
    else:
        spec["layer"] = layers
    return spec


def _columns(fields: Iterable[Field | None], extra: Sequence[Column] = ()) -> tuple[Column, ...]:
    seen: dict[str, Column] = {}
    for f in fields:
        if f is not None and f.key not in seen:
            seen[f.key] = Column(f.key, f.label, numeric=f.type == "quantitative", format=f.format)
    for column in extra:
        seen.setdefault(column.key, column)
    return tuple(seen.values())


def _domain(f: Field, data: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Every category keeps its place in the order given, even one whose value is unknown."""
    return list(dict.fromkeys(row.get(f.key) for row in data if row.get(f.key) is not None))


def _series_scale(series: Field | None, data: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Series keep the same color wherever they appear: the domain is the series' first-seen order."""
    if series is None:
        return {}
    domain = _domain(series, data)
    return {"scale": {"domain": domain, "range": list(PALETTE[: max(len(domain), 1)])}}


def bar_chart(
    *,
    title: str,
    summary: str,
    data: Sequence[Mapping[str, Any]],
    category: Field,
    value: Field,
    series: Field | None = None,
    stacked: bool = False,
    value_domain: tuple[float, float] | None = None,
    extra_columns: Sequence[Column] = (),
    width: int = WIDTH,
) -> Chart:
    """Horizontal bars (labels stay readable on a phone); grouped or stacked when there are series.

    Rows whose value is None (unknown, suppressed) draw no bar and keep their row in the table.
    """
    x_extra: dict[str, Any] = {}
    if value_domain is not None:
        x_extra["scale"] = {"domain": list(value_domain)}
    encoding: dict[str, Any] = {
        "y": category.encoding(sort=None, scale={"domain": _domain(category, data)}),
        "x": value.encoding(**x_extra),
        "tooltip": [f.tooltip() for f in (category, series, value) if f is not None],
    }
    if series is not None:
        encoding["color"] = series.legend(**_series_scale(series, data))
        if stacked:
            encoding["x"]["stack"] = "zero"
        else:
            encoding["x"]["stack"] = None
            encoding["yOffset"] = {"field": series.key, "type": "nominal", "sort": None}
    band = 20 if series is None or stacked else 14 * len({row.get(series.key) for row in data})
    layers = [{"mark": {"type": "bar"}, "encoding": encoding}]
    spec = _spec(data, layers, width=width, height={"step": max(band, 20)})
    return Chart(title, summary, _columns((category, series, value), extra_columns), tuple(data), spec)


def line_chart(
    *,
    title: str,
    summary: str,
    data: Sequence[Mapping[str, Any]],
    x: Field,
    y: Field,
    series: Field | None = None,
    y_domain: tuple[float, float] | None = None,
    rules: Sequence[tuple[float, str]] = (),
    extra_columns: Sequence[Column] = (),
    width: int = WIDTH,
    height: int = 240,
) -> Chart:
    """Lines with points over an ordered x (school years, rounds); `rules` are labeled reference lines
    (targets, tier boundaries). Points with a None value are left out of the line, not drawn as zero."""
    y_extra: dict[str, Any] = {"scale": {"domain": list(y_domain), "nice": False}} if y_domain else {}
    x_extra: dict[str, Any] = {}
    if x.type in ("nominal", "ordinal"):  # every x keeps its place, even one with no value
        x_extra["scale"] = {"domain": _domain(x, data)}
    encoding: dict[str, Any] = {
        "x": x.encoding(sort=None, axis={"labelAngle": 0, "labelLimit": 120}, **x_extra),
        "y": y.encoding(**y_extra),
        "tooltip": [f.tooltip() for f in (x, series, y) if f is not None],
    }
    if series is not None:
        scale = _series_scale(series, data)
        encoding["color"] = series.legend(**scale)
        domain = scale["scale"]["domain"]
        # Same field and title: Vega-Lite merges the three into one legend of colored, dashed symbols.
        encoding["strokeDash"] = series.legend(scale={"domain": domain, "range": [DASHES[i % len(DASHES)] for i in range(len(domain))]})
        encoding["shape"] = series.legend(scale={"domain": domain, "range": [SHAPES[i % len(SHAPES)] for i in range(len(domain))]})
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "point": True}, "transform": [{"filter": f"isValid(datum['{y.key}'])"}], "encoding": encoding},
    ]
    for value, label in rules:
        layers.append(
            {
                "data": {"values": [{"value": value, "label": label}]},
                "layer": [
                    {"mark": {"type": "rule", "color": "#565c65", "strokeDash": [4, 4]}, "encoding": {"y": {"field": "value", "type": "quantitative"}}},
                    {
                        "mark": {"type": "text", "align": "right", "dy": -6, "x": "width"},
                        "encoding": {"y": {"field": "value", "type": "quantitative"}, "text": {"field": "label"}},
                    },
                ],
            }
        )
    spec = _spec(data, layers, width=width, height=height)
    return Chart(title, summary, _columns((x, series, y), extra_columns), tuple(data), spec)


def dot_chart(
    *,
    title: str,
    summary: str,
    data: Sequence[Mapping[str, Any]],
    x: Field,
    y: Field,
    x_domain: Sequence[str],
    extra_columns: Sequence[Column] = (),
    width: int = WIDTH,
) -> Chart:
    """One dot per row, in the column of its category (for example the phase chosen per condition).
    Rows whose x is None draw no dot; the table says why."""
    encoding = {
        "y": y.encoding(sort=None, axis={"labelLimit": 260}, scale={"domain": _domain(y, data)}),
        "x": x.encoding(scale={"domain": list(x_domain)}, axis={"orient": "top", "labelAngle": 0, "grid": True, "labelLimit": 140}),
    }
    layers = [{"mark": {"type": "point", "size": 160}, "transform": [{"filter": f"isValid(datum['{x.key}'])"}], "encoding": encoding}]
    spec = _spec(data, layers, width=width, height={"step": 28})
    return Chart(title, summary, _columns((y, x), extra_columns), tuple(data), spec)
