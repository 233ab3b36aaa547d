"""The equity charts (statewide.core.charts), drawn only from cells the disclosure rule lets out."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from statewide.core.charts import PALETTE, Chart, Field, bar_chart, line_chart
from statewide.insights.figures import GROUP_LOCALES, Dataset, EquityRow, equity_rows, locale_group, locale_rows
from statewide.places.usmap import mark_swatch, state_map_svg

WHO = Field("who", _("Students in"))


def _value(share: Any) -> float | None:
    return None if share.percent is None else share.percent / 100


def _share_bars(title: str, summary: str, category: Field, pairs: list[tuple[str, Any, Any]]) -> Chart:
    """Participating districts' share against the state's, one pair of bars per (category label, part share, state share)."""
    data = []
    for label, part, state in pairs:
        for who, share in ((_("Participating districts"), part), (_("Whole state"), state)):
            data.append({category.key: label, "who": who, "share": _value(share), "share_display": share.text})
    value = Field("share", _("Share of students"), "quantitative", ".0%")
    return bar_chart(title=title, summary=summary, data=data, category=category, value=value, series=WHO, value_domain=(0, 1))


def makeup_chart(ds: Dataset, rows: list[EquityRow], place: str) -> Chart:
    return _share_bars(
        _("Who the participating districts serve, against the whole state (%(place)s, %(year)s)") % {"place": place, "year": ds.school_year},
        _(
            "The share of students in each group, in districts taking part in innovation programs or capacity networks and in the whole state. "
            "Shares below 5% or above 95% are shown only as such, and hidden counts draw no bar."
        ),
        Field("group", _("Student group")),
        [(r.label, r.part_share, r.state_share) for r in rows[1:]],  # all students are 100% of themselves
    )


def locale_chart(ds: Dataset) -> Chart:
    labels = {"city": _("City"), "suburb": _("Suburb"), "town": _("Town"), "rural": _("Rural"), "unknown": _("Locale unknown")}
    return _share_bars(
        _("Students by locale (%(year)s)") % {"year": ds.school_year},
        _(
            "The share of students in city, suburban, town and rural districts (each district's locale derived from its open schools), "
            "in participating districts and in the whole state."
        ),
        Field("locale", _("Locale")),
        [(str(labels[r["locale"]]), r["part_share"], r["state_share"]) for r in locale_rows(ds)],
    )


def gap_chart(datasets: list[Dataset], locale: str = "all") -> Chart:
    data = []
    for ds in datasets:
        for r in equity_rows(ds, locale):
            if r.group in ("female", "male") and not ds.sex_reported:
                continue
            data.append({"year": ds.school_year, "group": r.label, "gap": r.gap, "gap_display": _("Hidden") if r.gap is None else f"{r.gap:+.1f}"})
    return line_chart(
        title=_("The gap over time: participating districts' share minus the state's, in percentage points"),
        summary=_(
            "Above zero, a group is a larger part of participating districts' students than of the state's; below zero, a smaller part. "
            "Each year uses that year's enrollment and the districts that took part that year."
        ),
        data=data,
        x=Field("year", _("School year"), "ordinal"),
        y=Field("gap", _("Gap (percentage points)"), "quantitative", ".1f"),
        series=Field("group", _("Student group")),
        rules=[(0, _("No gap"))],
    )


# The participants map: each mark colored by locale group (Okabe-Ito, as core.charts) AND shaped, so color is never the only cue.
LOCALE_MARKS = {
    "city": (PALETTE[0], "circle", gettext_lazy("blue circle")),
    "suburb": (PALETTE[1], "square", gettext_lazy("orange square")),
    "town": (PALETTE[2], "triangle-up", gettext_lazy("green triangle")),
    "rural": (PALETTE[3], "diamond", gettext_lazy("pink diamond")),
    "unknown": (PALETTE[6], "cross", gettext_lazy("black cross")),
}


@dataclass(frozen=True)
class ParticipantMap:
    svg: SafeString | None  # None when the state's shapes are unavailable or no district has a location
    legend: list[tuple[SafeString, str, str, int]]  # (swatch, locale group, mark, districts on the map)
    rows: list[tuple[str, str, str, str, str]]  # (district, LEAID, locale group, derived locale, mark): the map's data table
    unplaced: int  # participating districts without a location (in the table, not on the map)


def participant_map(state: Any, places: list[tuple[str, str, float, float, str]], labels: dict[str, str], school_year: str) -> ParticipantMap:
    """The year's participating districts on the state's map, marked by locale group, with the legend and the table
    (`places`: name, LEAID, longitude, latitude, locale code; `labels`: locale key to its label)."""
    points, rows, counts, unplaced = [], [], dict.fromkeys(GROUP_LOCALES, 0), 0
    for name, leaid, lon, lat, code in places:
        group = locale_group(code)
        color, shape, mark = LOCALE_MARKS[group]
        rows.append((name, leaid, labels[group], labels[code] if code else labels["unknown"], str(mark)))
        if math.isnan(lon) or math.isnan(lat):
            unplaced += 1
            continue
        counts[group] += 1
        points.append((f"{name} ({labels[group]})", lon, lat, color, shape))
    title = _("Map of %(state)s: a mark for each district taking part in %(year)s, at its office, by locale") % {"state": state.name, "year": school_year}
    svg = state_map_svg(fips=state.fips, usps=state.usps, title=title, points=points) if points else None  # type: ignore[arg-type]
    legend = [(mark_swatch(LOCALE_MARKS[g][0], LOCALE_MARKS[g][1]), labels[g], str(LOCALE_MARKS[g][2]), counts[g]) for g in GROUP_LOCALES if counts[g]]
    return ParticipantMap(svg, legend, rows, unplaced)
