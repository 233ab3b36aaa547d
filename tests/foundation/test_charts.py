"""The one charting approach (core/charts.py): Vega-Lite rendered to accessible SVG, with its table."""

from __future__ import annotations

import io
import re

import jsonschema
from altair.vegalite.v6.schema import core as vegalite_schema
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from weasyprint import HTML

from statewide.core.charts import PALETTE, Field, bar_chart, dot_chart, line_chart

GROUP = Field("group", "Group")
SHARE = Field("share", "Share of students", "quantitative", ".0%")
WHO = Field("who", "Students")


def _bars(svg: str) -> list[str]:
    """The bar paths Vega drew (one per bar), from the rect mark group."""
    group = re.search(r'<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)</g>', svg)
    return re.findall(r"<path [^>]*>", group.group(1)) if group else []


def _equity_chart(share_white: float | None = 0.3):
    data = [
        {"group": "Hispanic", "who": "Participating districts", "share": 0.52},
        {"group": "Hispanic", "who": "State", "share": 0.5},
        {"group": "White", "who": "Participating districts", "share": share_white, "share_display": None if share_white is not None else "suppressed"},
        {"group": "White", "who": "State", "share": 0.3},
    ]
    return bar_chart(title="Students by group", summary="Participating districts serve a similar mix.", data=data, category=GROUP, value=SHARE, series=WHO)


def test_svg_is_one_labelled_image_without_script_or_inline_style():
    chart = _equity_chart()
    svg = str(chart.svg)
    root = re.match(r"<svg\b[^>]*>", svg).group(0)
    assert 'role="img"' in root and "viewBox=" in root
    assert not re.search(r'\s(width|height)="', root), "the SVG scales to its container"
    title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', root).groups()
    assert f'<title id="{title_id}">Students by group</title>' in svg
    assert f'<desc id="{desc_id}">Participating districts serve a similar mix.</desc>' in svg
    assert "<script" not in svg and " style=" not in svg and "graphics-symbol" not in svg


def test_every_builder_writes_a_valid_vega_lite_specification():
    """Checked against the Vega-Lite JSON Schema that Altair ships (a test-only dependency)."""
    schema = vegalite_schema.load_schema()
    validator = jsonschema.Draft7Validator(schema)
    line = line_chart(
        title="t", summary="s", data=[{"r": "a", "v": 1}], x=Field("r", "R", "ordinal"), y=Field("v", "V", "quantitative"), series=None, rules=[(1, "x")]
    )
    series_line = line_chart(
        title="t", summary="s", data=[{"r": "a", "v": 1, "s": "p"}], x=Field("r", "R", "ordinal"), y=Field("v", "V", "quantitative"), series=Field("s", "S")
    )
    dots = dot_chart(title="t", summary="s", data=[{"c": "a", "p": "x"}], x=Field("p", "P", "ordinal"), y=Field("c", "C"), x_domain=["x"])
    stacked = bar_chart(title="t", summary="s", data=[{"group": "a", "share": 1, "who": "p"}], category=GROUP, value=SHARE, series=WHO, stacked=True)
    for chart in (_equity_chart(), _equity_chart(None), line, series_line, dots, stacked):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(chart.spec)]
        assert errors == []


def test_unknown_values_draw_nothing_and_keep_their_table_row():
    chart = _equity_chart(share_white=None)
    assert len(_bars(str(chart.svg))) == 3
    table = chart.table()
    assert table[0] == ["Group", "Students", "Share of students"]
    assert table[1:] == [
        ["Hispanic", "Participating districts", "52%"],
        ["Hispanic", "State", "50%"],
        ["White", "Participating districts", "suppressed"],
        ["White", "State", "30%"],
    ]


def test_series_colors_come_from_the_palette_in_first_seen_order():
    fills = re.findall(r'fill="(#[0-9A-Fa-f]{6})"', "".join(_bars(str(_equity_chart().svg))))
    assert fills == [PALETTE[0], PALETTE[1], PALETTE[0], PALETTE[1]]


def test_same_data_draws_the_same_picture():
    assert str(_equity_chart().svg) == str(_equity_chart().svg)
    assert str(_equity_chart().svg) != str(_equity_chart(0.31).svg)


def test_line_chart_keeps_every_round_on_the_axis_and_skips_unknown_points():
    data = [{"round": "Round 1", "score": 2.1}, {"round": "Round 2", "score": None}, {"round": "Round 3", "score": 3.0}]
    chart = line_chart(
        title="Overall score by round",
        summary="It rose.",
        data=data,
        x=Field("round", "Round", "ordinal"),
        y=Field("score", "Score", "quantitative", ".1f"),
        y_domain=(1, 4),
        rules=[(2.5, "Tier 2 starts")],
    )
    svg = str(chart.svg)
    for label in ("Round 1", "Round 2", "Round 3", "Tier 2 starts"):
        assert f">{label}</text>" in svg
    assert svg.count('class="mark-symbol role-mark') == 1
    points = re.search(r'<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)</g>', svg).group(1)
    assert len(re.findall(r"<path ", points)) == 2
    assert chart.table()[2] == ["Round 2", None]


def test_dot_chart_lists_every_row_even_unanswered():
    data = [{"condition": "Assessment", "phase": "Exploring"}, {"condition": "Funding", "phase": None}]
    chart = dot_chart(
        title="Profile",
        summary="One dot per condition.",
        data=data,
        x=Field("phase", "Phase", "ordinal"),
        y=Field("condition", "Condition"),
        x_domain=["Exploring", "Building", "Scaling"],
    )
    svg = str(chart.svg)
    assert ">Funding</text>" in svg and ">Scaling</text>" in svg


def test_component_renders_caption_svg_and_table_and_an_empty_state():
    html = render_to_string("components/_chart.html", {"chart": _equity_chart(None)})
    assert "<figure" in html and "Students by group" in html and 'role="img"' in html
    assert "<caption>Data for the chart “Students by group”</caption>" in html
    assert '<th scope="row">White</th>' in html and ">suppressed</td>" in html
    empty = bar_chart(title="Nothing yet", summary="No districts.", data=[], category=GROUP, value=SHARE)
    html = render_to_string("components/_chart.html", {"chart": empty})
    assert "There is no data to chart yet." in html and "<svg" not in html and "<table" not in html


def test_the_same_svg_draws_in_a_pdf():
    html = "<html lang='en'><head><title>t</title></head><body>" + render_to_string("components/_chart.html", {"chart": _equity_chart()}) + "</body></html>"
    text = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0].extract_text()
    # Axis labels are SVG text: WeasyPrint drew the chart, not just the table.
    assert text.count("Hispanic") >= 2 and "50%" in text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=1)), min_size=1, max_size=8))
def test_one_bar_per_known_value_and_one_table_row_per_value(values):
    data = [{"group": f"Group {i}", "share": v} for i, v in enumerate(values)]
    chart = bar_chart(title="t", summary="s", data=data, category=GROUP, value=SHARE)
    assert len(_bars(str(chart.svg))) == sum(v is not None for v in values)
    assert len(chart.table()) == len(values) + 1
