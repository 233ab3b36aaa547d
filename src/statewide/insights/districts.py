"""The district report (state staff): one district's readiness rounds, programs, networks and
educators holding micro-credentials, from the same module reads as the dashboards.

Educator counts keep the small-count rule of the credentials figures (`credentials.growth`): a
district with fewer educators than its threshold is pooled there, and shown here as "suppressed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from statewide.capacity import stats as capacity_stats
from statewide.capacity.selectors import district_networks, state_settings, submitted_rounds
from statewide.capacity.stats import readiness_progress_chart
from statewide.core.charts import Chart, Column, Field, bar_chart
from statewide.credentials import growth
from statewide.places.models import Jurisdiction, Organisation
from statewide.programs import stats as program_stats


@dataclass
class DistrictReport:
    charts: list[Chart] = field(default_factory=list)
    programs: list[program_stats.DistrictProgram] = field(default_factory=list)
    sources: list[tuple[str, dt.date | None]] = field(default_factory=list)


def district_choices(jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """The state's districts with data (a readiness round or a program), by name."""
    both = dict(capacity_stats.districts_with_rounds(jurisdiction)) | dict(program_stats.participating_districts(jurisdiction))
    return sorted(both.items(), key=lambda item: item[1])


def dashboard_districts(slug: str, jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """(LEAID, name) of the districts a dashboard's figures draw on, by name (one or two queries), for state staff's
    drill-down: local capacity, the districts with a readiness round; programs, the districts in the public registry;
    micro-credentials, the districts with educators; progress (state-level figures), every district with data."""
    if slug == "capacity":
        found = capacity_stats.districts_with_rounds(jurisdiction)
    elif slug == "programs":
        found = program_stats.participating_districts(jurisdiction)
    elif slug == "credentials":
        found = [(r.leaid, r.label) for r in growth.growth_for(jurisdiction).districts if r.leaid]
    else:
        return district_choices(jurisdiction)
    return sorted(dict(found).items(), key=lambda item: item[1])


def linked_cells(chart: Chart, usps: str) -> list[list[tuple[Column, Any]]] | None:
    """The chart's table rows with each row that concerns a district (a row carrying its `leaid`) linked to the
    district's report in its first cell; None when no row concerns a district."""
    cells = chart.cells()
    linked = False
    for row, cell in zip(chart.rows, cells, strict=True):
        if leaid := row.get("leaid"):
            column, value = cell[0]
            cell[0] = (column, format_html('<a class="usa-link" href="{}">{}</a>', reverse("insights:district", args=[usps, leaid]), value))
            linked = True
    return cells if linked else None


def district_report(district: Organisation, jurisdiction: Jurisdiction) -> DistrictReport:
    rounds = submitted_rounds(district)
    tiers = state_settings(jurisdiction).tier_data
    report = DistrictReport()
    report.charts.append(readiness_progress_chart(rounds, tiers))
    members = list(district_networks(district))
    report.charts.append(
        bar_chart(
            title=_("Networks"),
            summary=_("The state networks the district belongs to or applied to, with each network's member count."),
            data=[{"network": m.network.title, "members": m.network.member_count, "status": m.get_status_display()} for m in members],
            category=Field("network", _("Network")),
            value=Field("members", _("Member districts"), "quantitative", ",d"),
            extra_columns=(Column("status", _("This district")),),
        )
    )
    g = growth.growth_for(jurisdiction)
    mine = next((r for r in g.districts if r.leaid and r.leaid == district.nces_leaid), None)
    row: dict[str, object] = {"district": district.name, "share": None, "share_display": _("suppressed (few educators)"), "educators": None, "holders": None}
    if mine is not None:
        row = {
            "district": district.name,
            "share": mine.ratio,
            "share_display": None if mine.ratio is not None else mine.share.text,
            "educators": mine.educators.count,
            "holders": mine.holders.count,
        }
    report.charts.append(
        bar_chart(
            title=_("Educators holding a micro-credential"),
            summary=_("The share of the district's educators with at least one micro-credential; small counts are suppressed."),
            data=[row] if g.districts or mine else [],
            category=Field("district", _("District")),
            value=Field("share", _("Share holding one"), "quantitative", ".0%"),
            value_domain=(0, 1),
            extra_columns=(Column("educators", _("Educators"), numeric=True, format=",d"), Column("holders", _("Holding one"), numeric=True, format=",d")),
        )
    )
    report.programs = program_stats.district_programs(district)
    latest_round = rounds[-1].submitted_at.date() if rounds and rounds[-1].submitted_at else None
    report.sources = [
        (_("Local capacity (latest readiness round)"), latest_round),
        (_("Innovation programs (public registry)"), program_stats.last_change(jurisdiction)),
        (_("Micro-credentials (latest award)"), growth.last_awarded(jurisdiction)),
    ]
    return report
