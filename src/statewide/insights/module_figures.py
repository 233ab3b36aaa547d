"""The figures of each module dashboard, built from the modules' read side with `core.charts`.

Each builder returns its figures and the data sources it read (with the date of their latest data).
Rows keep plain values (the JSON API returns them); a row whose count was pooled by the small-count
rule carries `suppression: "pooled"` and says so in its label.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from statewide.capacity import stats as capacity_stats
from statewide.core.charts import Chart, Column, Field, bar_chart, dot_chart, line_chart
from statewide.core.disclosure import protect
from statewide.credentials import growth
from statewide.places.models import Jurisdiction
from statewide.places.selectors import disclosure_minimum, latest_enrollment
from statewide.policies import stats as policy_stats
from statewide.programs import stats as program_stats
from statewide.selfassessment.selectors import state_agreed_positions, state_phase_names
from statewide.selfassessment.suppression import POOLED

Sources = list[tuple[str, dt.date | None]]


@dataclass(frozen=True)
class Figure:
    slug: str
    unit: str  # what the figure's values count ("districts", "days", "share of educators", …)
    chart: Chart


def _year(value: int) -> str:
    return str(value)


def progress(j: Jurisdiction) -> tuple[list[Figure], Sources]:
    positions = state_agreed_positions(j)
    rounds = list(dict.fromkeys((p.campaign_title, p.is_baseline) for p in positions))
    agreed = [name for name, _pos in sorted({(p.phase or _("Not started"), p.phase_position if p.phase else -1) for p in positions}, key=lambda x: x[1])]
    # Every phase of the framework keeps its column, even one no condition sits in.
    phases = list(dict.fromkeys([_("Not started"), *state_phase_names(j), *agreed])) if positions else []
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in positions:
        counts[(p.campaign_title, p.phase or _("Not started"))] += 1
    round_label = {t: (_("%(title)s (baseline)") % {"title": t} if base else t) for t, base in rounds}
    by_round = [{"round": round_label[t], "phase": ph, "conditions": counts[(t, ph)]} for t, _b in rounds for ph in phases if counts[(t, ph)]]
    latest_title = rounds[-1][0] if rounds else None
    latest = [{"condition": p.condition, "phase": p.phase or _("Not started")} for p in positions if p.campaign_title == latest_title]
    levels = policy_stats.level_history(j.usps)
    types = policy_stats.records_by_type(j.usps)
    out = [
        Figure(
            "rounds",
            _("conditions"),
            bar_chart(
                title=_("Conditions by agreed phase, per self-assessment round"),
                summary=_("For each closed round, how many framework conditions the state agreed sit in each phase."),
                data=by_round,
                category=Field("round", _("Round")),
                value=Field("conditions", _("Conditions"), "quantitative", ",d"),
                series=Field("phase", _("Agreed phase")),
                stacked=True,
            ),
        ),
        Figure(
            "latest-round",
            _("phase"),
            dot_chart(
                title=_("Agreed phase per condition in the latest round"),
                summary=_("One row per framework condition; the dot sits in the phase the state agreed in its latest closed round."),
                data=latest,
                x=Field("phase", _("Agreed phase"), "ordinal"),
                y=Field("condition", _("Condition")),
                x_domain=phases,
            ),
        ),
        Figure(
            "maturity",
            _("level"),
            dot_chart(
                title=_("Policy maturity level at the end of each year"),
                summary=_("The state's level on the policy tracker's scale at the end of each year (today for this year)."),
                data=[{"year": _year(y.year), "level": y.level_name, "as_of": y.as_of.isoformat()} for y in levels],
                x=Field("level", _("Level"), "ordinal"),
                y=Field("year", _("Year"), "ordinal"),
                x_domain=policy_stats.level_order() if levels else [],
                extra_columns=(Column("as_of", _("As of")),),
            ),
        ),
        Figure(
            "policies",
            _("policy records"),
            bar_chart(
                title=_("Policies in force by type"),
                summary=_("The state's tracked policy records in force today, per policy type."),
                data=[{"type": name, "records": n} for name, n in types],
                category=Field("type", _("Policy type")),
                value=Field("records", _("Records in force"), "quantitative", ",d"),
            ),
        ),
    ]
    closes = [p.closes_on for p in positions]
    return out, [
        (_("State self-assessment (closed rounds)"), max(closes) if closes else None),
        (_("Policy tracker (sources checked)"), policy_stats.last_checked(j.usps)),
    ]


def capacity(j: Jurisdiction) -> tuple[list[Figure], Sources]:
    tiers = capacity_stats.tiers_by_year(j)
    supports = capacity_stats.supports_delivered_by_year(j)
    ta = capacity_stats.ta_by_year(j)
    networks = capacity_stats.network_membership(j)
    target = ta[0].target_days if ta else None
    out = [
        Figure(
            "tiers",
            _("districts"),
            line_chart(
                title=_("Districts by readiness tier over time"),
                summary=_("At the end of each year, how many districts sit in each tier (the tier of their latest readiness round)."),
                data=[{"year": _year(t.year), "tier": t.tier_name, "districts": t.districts} for t in tiers],
                x=Field("year", _("Year"), "ordinal"),
                y=Field("districts", _("Districts"), "quantitative", ",d"),
                series=Field("tier", _("Tier")),
            ),
        ),
        Figure(
            "supports",
            _("supports"),
            bar_chart(
                title=_("Supports delivered per year"),
                summary=_(
                    "Supports (trainings, coaching, networks) that took place: those whose staff recorded districts attending a session that year. "
                    "Supports only scheduled are not counted; the table gives them for reference."
                ),
                data=[{"year": _year(s.year), "supports": s.delivered, "districts": s.districts, "scheduled": s.scheduled} for s in supports],
                category=Field("year", _("Year")),
                value=Field("supports", _("Supports delivered"), "quantitative", ",d"),
                extra_columns=(
                    Column("districts", _("Districts that attended"), numeric=True, format=",d"),
                    Column("scheduled", _("Supports scheduled to start"), numeric=True, format=",d"),
                ),
            ),
        ),
        Figure(
            "ta-response",
            _("days"),
            line_chart(
                title=_("Technical-assistance response time against the target"),
                summary=_("The median days from a district's request to the first response, per year; the dashed line is the state's target."),
                data=[
                    {
                        "year": _year(t.year),
                        "median_days": t.median_response_days,
                        "median_days_display": None if t.median_response_days is not None else _("no response yet"),
                        "requests": t.requests,
                        "within_target": t.within_target,
                    }
                    for t in ta
                ],
                x=Field("year", _("Year"), "ordinal"),
                y=Field("median_days", _("Median days to first response"), "quantitative", ".1f"),
                rules=[(float(target), _("Target: %(days)s days") % {"days": target})] if target is not None else [],
                extra_columns=(
                    Column("requests", _("Requests"), numeric=True, format=",d"),
                    Column("within_target", _("Answered within the target"), numeric=True, format=",d"),
                ),
            ),
        ),
        Figure(
            "networks",
            _("districts"),
            bar_chart(
                title=_("Network membership"),
                summary=_("Member districts of each of the state's networks, with the network's cap."),
                data=[{"network": n.title, "members": n.members, "cap": n.cap} for n in networks],
                category=Field("network", _("Network")),
                value=Field("members", _("Member districts"), "quantitative", ",d"),
                extra_columns=(Column("cap", _("Cap"), numeric=True, format=",d"),),
            ),
        ),
    ]
    return out, [(_("Local capacity (rounds, requests, supports)"), capacity_stats.last_change(j))]


def _students(j: Jurisdiction) -> tuple[list[dict[str, object]], dt.date | None]:
    """Students enrolled in the participating districts each year (each district's latest enrollment
    year), with the state's minimum n applied by the one disclosure rule (`core.disclosure.protect`)."""
    by_year = program_stats.participants_by_year(j)
    ids = set().union(*by_year.values()) if by_year else set()
    if not ids:
        return [], None
    latest = latest_enrollment(ids)
    if not latest:
        return [], None
    totals = {year: sum(latest[d].all_students for d in members if d in latest) for year, members in by_year.items()}
    protected = protect(totals, [], disclosure_minimum(j.usps))
    rows: list[dict[str, object]] = []
    for year in totals:
        cell = protected.cell(year)
        rows.append(
            {
                "year": _year(year),
                "students": cell.count,
                "students_display": _("suppressed") if cell.suppressed else None,
                "suppression": cell.reason or None,
                "districts_with_data": sum(1 for d in by_year[year] if d in latest),
            }
        )
    years = sorted({row.school_year for row in latest.values()})
    return rows, None if not years else dt.date(int(years[-1][:4]) + 1, 6, 30)


def programs(j: Jurisdiction) -> tuple[list[Figure], Sources]:
    years = program_stats.participation_by_year(j)
    students, enrollment_date = _students(j)
    stages = program_stats.participation_by_stage(j)
    progress_counts = program_stats.indicator_progress(j)
    labels = {
        program_stats.REACHED: _("Target reached"),
        program_stats.MOVING: _("Moving toward the target"),
        program_stats.NOT_YET: _("Not yet moved from the baseline"),
        program_stats.NO_REPORT: _("No public report yet"),
    }
    has_indicators = any(progress_counts.values())
    out = [
        Figure(
            "participation",
            _("districts"),
            line_chart(
                title=_("Districts taking part over time"),
                summary=_("At the end of each year, how many districts take part in at least one of the state's public innovation programs."),
                data=[{"year": _year(y.year), "districts": y.districts} for y in years],
                x=Field("year", _("Year"), "ordinal"),
                y=Field("districts", _("Districts"), "quantitative", ",d"),
            ),
        ),
        Figure(
            "students",
            _("students"),
            line_chart(
                title=_("Students in the participating districts"),
                summary=_(
                    "At the end of each year, the students enrolled in the districts taking part (each district's latest enrollment year); "
                    "a total below the state's minimum number of students is suppressed."
                ),
                data=students,
                x=Field("year", _("Year"), "ordinal"),
                y=Field("students", _("Students"), "quantitative", ",d"),
                extra_columns=(Column("districts_with_data", _("Participating districts with enrollment data"), numeric=True, format=",d"),),
            ),
        ),
        Figure(
            "stages",
            _("districts"),
            bar_chart(
                title=_("Participating districts by stage"),
                summary=_("Districts by the stage of their participation today."),
                data=[{"stage": s.label, "districts": s.districts} for s in stages],
                category=Field("stage", _("Stage")),
                value=Field("districts", _("Districts"), "quantitative", ",d"),
            ),
        ),
        Figure(
            "indicators",
            _("indicators"),
            bar_chart(
                title=_("Indicators against targets"),
                summary=_("The participants' indicators by how far their latest public value has moved from the baseline to the target."),
                data=[{"status": labels[k], "indicators": n} for k, n in progress_counts.items()] if has_indicators else [],
                category=Field("status", _("Progress")),
                value=Field("indicators", _("Indicators"), "quantitative", ",d"),
            ),
        ),
    ]
    return out, [
        (_("Innovation programs (public registry)"), program_stats.last_change(j)),
        (_("District enrollment (end of the latest school year)"), enrollment_date),
    ]


def credentials(j: Jurisdiction) -> tuple[list[Figure], Sources]:
    g = growth.growth_for(j)
    pooled_label = _("Other districts (pooled: fewer than %(n)s educators each)") % {"n": g.threshold}
    years = []
    for y in g.years:
        years.append({"year": _year(y.year), "series": _("Earned"), "credentials": y.earned})
        if y.target is not None:
            years.append({"year": _year(y.year), "series": _("Growth target"), "credentials": y.target})

    def share_row(r: growth.ShareRow, label: str) -> dict[str, object]:
        return {
            "district": label,
            "share": r.ratio,
            "share_display": None if r.ratio is not None else r.share.text,
            "educators": r.educators.count,
            "educators_display": r.educators.text if r.educators.count is None else None,
            "holders": r.holders.count,
            "holders_display": r.holders.text if r.holders.count is None else None,
            "suppression": POOLED if r.pooled else (r.holders.reason or r.educators.reason or None),
            "leaid": r.leaid,  # not a column: state staff's pages link the row to the district's report
        }

    shares = [share_row(r, r.label or pooled_label) for r in g.districts]
    if g.districts and g.state is not None:
        shares.insert(0, share_row(g.state, _("Whole state")))
    condition_label = _("Other conditions (pooled: fewer than %(n)s credentials each)") % {"n": g.threshold}
    out = [
        Figure(
            "earned",
            _("credentials"),
            line_chart(
                title=_("Micro-credentials earned per year against the growth target"),
                summary=_("Micro-credentials the state's issuers awarded each year, and the target: last year's count grown by %(p)s %%.")
                % {"p": g.target_percent},
                data=years,
                x=Field("year", _("Year"), "ordinal"),
                y=Field("credentials", _("Micro-credentials"), "quantitative", ",d"),
                series=Field("series", _("Series")),
            ),
        ),
        Figure(
            "holders",
            _("share of educators"),
            bar_chart(
                title=_("Share of educators holding a micro-credential"),
                summary=_("Educators with at least one micro-credential, statewide and per district; districts with few educators are pooled."),
                data=shares,
                category=Field("district", _("District")),
                value=Field("share", _("Share holding one"), "quantitative", ".0%"),
                value_domain=(0, 1),
                extra_columns=(Column("educators", _("Educators"), numeric=True, format=",d"), Column("holders", _("Holding one"), numeric=True, format=",d")),
            ),
        ),
        Figure(
            "conditions",
            _("credentials"),
            bar_chart(
                title=_("Micro-credentials by framework condition"),
                summary=_("Micro-credentials aligned to each framework condition; conditions with few credentials are pooled."),
                data=[{"condition": name or condition_label, "credentials": n, "suppression": None if name else POOLED} for name, n in g.conditions],
                category=Field("condition", _("Condition")),
                value=Field("credentials", _("Micro-credentials"), "quantitative", ",d"),
            ),
        ),
    ]
    return out, [(_("Micro-credentials (latest award)"), growth.last_awarded(j))]
