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
from statewide.core.disclosure import NOT_REPORTED, Cell, Share
from statewide.credentials.growth import ShareRow, district_holders
from statewide.places.models import Jurisdiction
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


def _educator_cells(district_id: int, holders: dict[int, ShareRow | None]) -> tuple[Cell, Cell, Share]:
    """The educators, the holders and their share: the credentials dashboard's own protected cells
    (`credentials.growth.district_holders`), so the comparison never shows a count the dashboard hides.
    A district pooled there is hidden here too."""
    if district_id not in holders:
        text = _("No educator of this district is on record.")
        return _unknown(text), _unknown(text), Share(None, str(_("Not reported")), False)
    row = holders[district_id]
    if row is None:
        why = _("Fewer educators than the state's minimum: reported only with other small districts.")
        hidden = Cell(None, True, POOLED, why)
        return hidden, hidden, Share(None, str(_("Hidden")), True)
    return row.educators, row.holders, row.share


def comparison_indicators(jurisdiction: Jurisdiction, district_ids: list[int]) -> dict[int, Indicators]:
    """Every given district's indicators, by district id: one read per module, whatever the number of districts."""
    tiers = latest_tiers(district_ids)
    networks = network_member_counts(district_ids)
    holders = district_holders(jurisdiction, district_ids)
    programs = district_indicator_progress(district_ids)
    out = {}
    for d in district_ids:
        code, name = tiers.get(d, (None, None))
        educators, held, share = _educator_cells(d, holders)
        out[d] = Indicators(code, name, networks.get(d, 0), educators, held, share, programs.get(d))
    return out
