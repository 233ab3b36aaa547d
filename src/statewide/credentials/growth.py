"""Growth against the state's target (read side): credentials earned per year, the share of
educators per district holding at least one, and counts per framework condition. Every count by
district or condition goes through the project's one disclosure rule (`core.disclosure`, by way of
`selfassessment.suppression.suppress_groups`) with the state's minimum n before it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import get_language

from statewide.accounts.models import Membership, Role
from statewide.core.cache import cached_by_version
from statewide.core.disclosure import Cell, Relation, Share, protect, share_text
from statewide.credentials.models import Credential, CredentialKind, MicroCredentialVersion, StateSettings, TallyDimension
from statewide.credentials.tallies import growth_tally_read
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction, Organisation
from statewide.places.selectors import disclosure_minimum
from statewide.selfassessment.suppression import POOLED, suppress_groups


@dataclass
class YearRow:
    year: int
    earned: int
    target: int | None  # last year's count grown by the target; None for the first year
    met: bool | None


@dataclass
class ShareRow:
    """A district (or the pooled small districts, or the whole state) as the dashboard shows it: its
    counts of educators and holders after the one disclosure rule, and the share."""

    label: str
    educators: Cell
    holders: Cell
    share: Share
    leaid: str = ""  # the district's NCES LEAID ("" for the pooled row and the whole state)
    district_id: int | None = None  # None for the pooled row and the whole state
    pooled: bool = False  # the row of the districts with fewer educators than the minimum

    @property
    def ratio(self) -> float | None:
        """Holders over educators, when both are shown (charts draw it; None draws no bar)."""
        if self.holders.count is None or not self.educators.count:
            return None
        return self.holders.count / self.educators.count


@dataclass
class Growth:
    jurisdiction: Jurisdiction
    target_percent: Decimal
    years: list[YearRow] = field(default_factory=list)
    districts: list[ShareRow] = field(default_factory=list)
    state: ShareRow | None = None  # the whole state (all districts with educators), when shown
    pooled_districts: frozenset[int] = frozenset()  # reported only inside the pooled row (all of them when `suppressed`)
    conditions: list[tuple[str, int]] = field(default_factory=list)
    suppressed: bool = False
    # The state's minimum n: the smallest count shown on its own (districts by educators; conditions by credentials).
    threshold: int = 10


def _micro(usps: str) -> Any:
    return Credential.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, issuer__organisation__jurisdiction__usps=usps, revoked_at__isnull=True)


def _educators(jurisdiction_id: int) -> dict[int, int]:
    """Educators per district of the state, cached until memberships or places change (every
    membership write is audited, which bumps the ``accounts`` version)."""

    def compute() -> dict[int, int]:
        rows = Membership.objects.filter(role=Role.EDUCATOR, organisation__kind="district", organisation__jurisdiction_id=jurisdiction_id)
        return dict(rows.values_list("organisation_id").annotate(n=Count("user_id", distinct=True)).values_list("organisation_id", "n"))

    return cached_by_version("credentials.growth.educators", ("accounts", "places"), compute, jurisdiction_id)


GROWTH_DOMAINS = ("credentials", "accounts", "places", "frameworks")


def growth_for(jurisdiction: Jurisdiction) -> Growth:
    """The dashboard from the kept tallies (``credentials.tallies``: a few rows per state, whatever
    the number of credentials) and the cached educator counts; no credential is read. Cached until a
    write to credentials (issuing and revoking keep the tallies), memberships, places (the state's
    minimum n) or frameworks (condition names); per language, for the texts of hidden cells."""
    return cached_by_version("credentials.growth", GROWTH_DOMAINS, lambda: _growth(jurisdiction), jurisdiction.pk, get_language())


def _growth(jurisdiction: Jurisdiction) -> Growth:
    settings_row = StateSettings.objects.filter(jurisdiction=jurisdiction).first()
    target = settings_row.growth_target_percent if settings_row else Decimal(10)
    result = Growth(jurisdiction=jurisdiction, target_percent=target, threshold=disclosure_minimum(jurisdiction.usps))
    tally = growth_tally_read(jurisdiction.pk)
    per_year = tally[TallyDimension.YEAR]
    previous = None
    for year in sorted(per_year):
        earned = per_year[year]
        goal = None if previous is None else int((Decimal(previous) * (1 + target / 100)).to_integral_value(rounding="ROUND_CEILING"))
        result.years.append(YearRow(year, earned, goal, None if goal is None else earned >= goal))
        previous = earned
    educators = _educators(jurisdiction.pk)
    holders = tally[TallyDimension.DISTRICT]
    plan = suppress_groups(educators, result.threshold)
    result.suppressed = plan.all_suppressed
    result.pooled_districts = frozenset(d for d in educators if plan.all_suppressed or plan.key(d) == POOLED)
    if not plan.all_suppressed:
        districts = Organisation.objects.filter(pk__in=[g for g in educators if plan.key(g) != POOLED]).values_list("pk", "name", "nces_leaid")
        names = {pk: (name, leaid or "") for pk, name, leaid in districts}
        rows: dict[Any, tuple[str, str, int, int]] = {}  # row key: (label, leaid, educators, holders)
        for org_id, n in educators.items():
            key = POOLED if plan.key(org_id) == POOLED else org_id
            label, leaid = ("", "") if key == POOLED else names[org_id]
            _l, _i, e, h = rows.get(key, (label, leaid, 0, 0))
            rows[key] = (label, leaid, e + n, h + holders.get(org_id, 0))
        result.districts, result.state = _protected_rows(rows, result.threshold)
    per_version = tally[TallyDimension.VERSION]
    per_item: dict[int, int] = {}
    aligned = MicroCredentialVersion.alignments.through.objects.filter(microcredentialversion_id__in=list(per_version), item__kind="condition")
    for version_id, item_id in aligned.values_list("microcredentialversion_id", "item_id"):
        per_item[item_id] = per_item.get(item_id, 0) + per_version[version_id]  # a version names an item once
    item_plan = suppress_groups(per_item, result.threshold)
    if not item_plan.all_suppressed:
        item_names: dict[int, str] = dict(Item.objects.filter(pk__in=list(per_item)).values_list("pk", "name"))
        shown = [(item_names[i], n) for i, n in per_item.items() if item_plan.key(i) != POOLED]
        pooled_n = sum(n for i, n in per_item.items() if item_plan.key(i) == POOLED)
        result.conditions = sorted(shown, key=lambda r: (-r[1], r[0])) + ([("", pooled_n)] if pooled_n else [])
    return result


def _protected_rows(rows: dict[Any, tuple[str, str, int, int]], minimum_n: int) -> tuple[list[ShareRow], ShareRow]:
    """The district rows and the whole-state row through `core.disclosure.protect`: in each row, and
    for the state, educators are holders plus those without one (never published), and the state's
    counts are the sums of the rows', so a small number of holders (or of educators without one) is
    hidden, and so is whatever would let a reader work it out from the state's total."""
    values: dict[tuple[str, Any], int] = {}
    relations: list[Relation[tuple[str, Any]]] = []
    for key, (_label, _leaid, e, h) in [*rows.items(), ("state", ("", "", sum(r[2] for r in rows.values()), sum(r[3] for r in rows.values())))]:
        values |= {("educators", key): e, ("holders", key): h, ("without", key): e - h}
        relations.append(Relation(("educators", key), (("holders", key), ("without", key))))
    for kind in ("educators", "holders", "without"):
        relations.append(Relation((kind, "state"), tuple((kind, key) for key in rows)))
    protected = protect(values, relations, minimum_n, hidden=[k for k in values if k[0] == "without"])

    def row(key: Any, label: str, leaid: str) -> ShareRow:
        educators, held = protected.cell(("educators", key)), protected.cell(("holders", key))
        share = share_text(held.count, educators.count) if held.count is not None and educators.count is not None else Share(None, held.text, True)
        return ShareRow(label, educators, held, share, leaid, key if isinstance(key, int) else None, key == POOLED)

    out = [row(key, label, leaid) for key, (label, leaid, _e, _h) in rows.items()]
    # Shown shares first, highest first; then the hidden ones by name (their order must not hint at their
    # values); the pooled row last.
    out.sort(key=lambda r: (r.pooled, r.ratio is None, -(r.ratio or 0), r.label))
    return out, row("state", "", "")


def states() -> set[str]:
    """USPS codes of the states whose issuers have awarded a micro-credential (for the insights pages)."""
    rows = Credential.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, revoked_at__isnull=True)
    return set(rows.values_list("issuer__organisation__jurisdiction__usps", flat=True).distinct()) - {None}


def last_awarded(jurisdiction: Jurisdiction) -> Any:
    """The date of the state's latest micro-credential (its data's date on the insights pages)."""
    latest = _micro(jurisdiction.usps).order_by("-valid_from").values_list("valid_from", flat=True).first()
    return latest.date() if latest else None


def district_holders(jurisdiction: Jurisdiction, district_ids: list[int]) -> dict[int, ShareRow | None]:
    """The given districts' educators and holders exactly as the dashboard shows them (the same protected
    cells, so no output shows a count another one hides): a district's own row, or None when it is reported
    only inside the pooled row. A district with no educator on record is absent: its figures are unknown."""
    growth = growth_for(jurisdiction)
    rows = {r.district_id: r for r in growth.districts if r.district_id is not None}
    return {d: rows.get(d) for d in district_ids if d in rows or d in growth.pooled_districts}
