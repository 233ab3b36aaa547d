"""CSV and XLSX exports of results and roadmaps. Results exports use the suppressed figures only."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from statewide.core.tabular import to_csv as to_csv  # the one writer, re-exported for the views
from statewide.core.tabular import to_xlsx as to_xlsx
from statewide.selfassessment.results import Results
from statewide.selfassessment.selectors import RoadmapRow

NOT_PUBLISHED = "not yet published in this pack"


def _pct(v: float | None) -> str:
    return "" if v is None else f"{round(v * 100)}"


def results_table(results: Results) -> list[list[object]]:
    head: list[object] = [_("Condition code"), _("Condition"), _("Group"), _("Respondents in group")]
    head += [lv.name for lv in results.levels] + [_("Not sure"), _("Median phase"), _("Consensus (% at median)"), _("Groups disagree")]
    rows: list[list[object]] = [head]
    if results.all_suppressed:
        return rows
    for c in results.conditions:
        rows.append(
            [
                c.item.code,
                c.item.name,
                _("All respondents"),
                results.total,
                *[n for _lv, n in c.counts],
                c.not_sure,
                c.median.name if c.median else "",
                _pct(c.consensus),
                _("yes") if c.disagreement else _("no"),
            ]
        )
        for col, cell in zip(results.groups, c.cells, strict=True):
            rows.append([c.item.code, c.item.name, col.label, col.n, *cell.counts, "", cell.median.name if cell.median else "", "", ""])
    return rows


def priorities_table(results: Results) -> list[list[object]]:
    rows: list[list[object]] = [[_("Condition code"), _("Condition"), _("Respondents naming it a top priority")]]
    if not results.all_suppressed:
        rows += [[i.code, i.name, n] for i, n in results.priorities]
    return rows


def comments_table(results: Results) -> list[list[object]]:
    """Comments as the results page shows them: labelled with the group they are reported under (pools included)."""
    rows: list[list[object]] = [[_("Condition code"), _("Condition"), _("Reported under"), _("Comment")]]
    if not results.all_suppressed:
        rows += [[c.item.code, c.item.name, c.group_label, c.text] for c in results.comments]
    return rows


def roadmap_table(rows: Sequence[RoadmapRow]) -> list[list[object]]:
    out: list[list[object]] = [
        [_("Condition code"), _("Condition"), _("Agreed phase"), _("Next phase"), _("Goal"), _("Actions"), _("Owner"), _("Target date"), _("Notes")]
    ]
    for r in rows:
        goal = " ".join(d.text for d in r.goals) or (_("already at the last phase") if r.at_last_phase else NOT_PUBLISHED)
        actions = " | ".join(d.text for d in r.actions) or ("" if r.at_last_phase else NOT_PUBLISHED)
        out.append(
            [
                r.entry.item.code,
                r.entry.item.name,
                r.agreed.name if r.agreed else _("Not yet started"),
                r.next_level.name if r.next_level else "",
                goal,
                actions,
                r.entry.owner,
                r.entry.target_date.isoformat() if r.entry.target_date else "",
                r.entry.notes,
            ]
        )
    return out
