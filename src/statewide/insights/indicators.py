"""Comparison districts' indicators: each district's figures from every module, read side by side
(docs/insights.md, "Comparison districts"). Each module is read through its own batch read, one per
indicator kind for the whole set of districts, so the comparison costs the same queries for 1 + 5
districts as for 1.

Unknown is never zero: a district with no readiness round has an unknown tier, a district with no
educator on record has unknown educator figures, and a district in no public program has no program
indicators ("not in a program"), which is not the same as none of them moving."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from statewide.capacity.by_district import latest_tiers, network_member_counts
from statewide.core.disclosure import NOT_REPORTED, Cell, Relation, Share, protect, share_text
from statewide.credentials.growth import district_holders
from statewide.places.models import Jurisdiction
from statewide.places.selectors import disclosure_minimum
from statewide.programs.stats import MOVING, NO_REPORT, NOT_YET, REACHED, district_indicator_progress
from statewide.selfassessment.suppression import POOLED

UNKNOWN = NOT_REPORTED
PROGRESS_KEYS = (REACHED, MOVING, NOT_YET, NO_REPORT)


def progress_labels() -> dict[str, str]:
    return {REACHED: _("Reached the target"), MOVING: _("Moving toward it"), NOT_YET: _("Not yet moved"), NO_REPORT: _("No public report yet")}


@dataclass(frozen=True)
class Indicators:
    tier_code: str | None  # None: no readiness round submitted (unknown)
    tier_name: str | None
    networks: int  # networks the district is a member of (a known count: zero is zero)
    educators: Cell
    holders: Cell
    holder_share: Share
    programs: dict[str, int] | None  # indicators by progress; None: not in a public program

    @property
    def tier_text(self) -> str:
        return self.tier_name or str(_("Unknown (no readiness round)"))

    def program_text(self, key: str) -> str | int:
        return str(_("Not in a program")) if self.programs is None else self.programs[key]


def _unknown(explanation: str) -> Cell:
    return Cell(None, False, UNKNOWN, explanation)


def _educator_cells(found: object, minimum_n: int) -> tuple[Cell, Cell, Share]:
    """The educators, the holders and their share, through the one disclosure rule.

    A district pooled on the credentials dashboard is hidden here too; the counts of a district shown there
    pass `core.disclosure.protect` (holders and educators without one add up to educators; the latter is never
    published), so a count of 1 to n − 1 holders, or one that would reveal a small number without one, is hidden."""
    if found is None:
        text = _("No educator of this district is on record.")
        return _unknown(text), _unknown(text), Share(None, str(_("Not reported")), False)
    if found.pooled:  # type: ignore[attr-defined]
        why = _("Fewer educators than the state's minimum: reported only with other small districts.")
        hidden = Cell(None, True, POOLED, why)
        return hidden, hidden, Share(None, str(_("Hidden")), True)
    values = {"educators": found.educators, "holders": found.holders, "without": found.educators - found.holders}  # type: ignore[attr-defined]
    protected = protect(values, [Relation("educators", ("holders", "without"))], minimum_n, hidden=("without",))
    educators, holders = protected.cell("educators"), protected.cell("holders")
    if educators.count is None or holders.count is None:
        return educators, holders, Share(None, str(_("Hidden")), True)
    return educators, holders, share_text(holders.count, educators.count)


def comparison_indicators(jurisdiction: Jurisdiction, district_ids: list[int], *, minimum_n: int | None = None) -> dict[int, Indicators]:
    """Every given district's indicators, by district id: one read per module, whatever the number of districts
    (`minimum_n`: the state's, when the caller has read it already)."""
    minimum_n = disclosure_minimum(jurisdiction.usps) if minimum_n is None else minimum_n
    tiers = latest_tiers(district_ids)
    networks = network_member_counts(district_ids)
    holders = district_holders(jurisdiction, district_ids, minimum_n=minimum_n)
    programs = district_indicator_progress(district_ids)
    out = {}
    for d in district_ids:
        code, name = tiers.get(d, (None, None))
        educators, held, share = _educator_cells(holders.get(d), minimum_n)
        out[d] = Indicators(code, name, networks.get(d, 0), educators, held, share, programs.get(d))
    return out
