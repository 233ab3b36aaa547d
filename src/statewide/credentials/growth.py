"""Growth against the state's target (read side): credentials earned per year, the share of
educators per district holding at least one, and counts per framework condition. Every count by
district or condition goes through the project's one disclosure rule (`core.disclosure`, by way of
`selfassessment.suppression.suppress_groups`) with the state's minimum n before it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from statewide.accounts.models import Membership, Role
from statewide.credentials.models import Credential, CredentialKind, StateSettings
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
    label: str
    educators: int
    holders: int

    @property
    def percent(self) -> float:
        return round(100 * self.holders / self.educators, 1) if self.educators else 0.0


@dataclass
class Growth:
    jurisdiction: Jurisdiction
    target_percent: Decimal
    years: list[YearRow] = field(default_factory=list)
    districts: list[ShareRow] = field(default_factory=list)
    conditions: list[tuple[str, int]] = field(default_factory=list)
    suppressed: bool = False
    # The state's minimum n: the smallest count shown on its own (districts by educators; conditions by credentials).
    threshold: int = 10


def _micro(usps: str) -> Any:
    return Credential.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, issuer__organisation__jurisdiction__usps=usps, revoked_at__isnull=True)


def growth_for(jurisdiction: Jurisdiction) -> Growth:
    settings_row = StateSettings.objects.filter(jurisdiction=jurisdiction).first()
    target = settings_row.growth_target_percent if settings_row else Decimal(10)
    usps = jurisdiction.usps
    result = Growth(jurisdiction=jurisdiction, target_percent=target, threshold=disclosure_minimum(usps))
    per_year = dict(_micro(usps).annotate(y=ExtractYear("valid_from")).values_list("y").annotate(n=Count("id")).values_list("y", "n"))
    previous = None
    for year in sorted(per_year):
        earned = per_year[year]
        goal = None if previous is None else int((Decimal(previous) * (1 + target / 100)).to_integral_value(rounding="ROUND_CEILING"))
        result.years.append(YearRow(year, earned, goal, None if goal is None else earned >= goal))
        previous = earned
    educators = dict(
        Membership.objects.filter(role=Role.EDUCATOR, organisation__kind="district", organisation__jurisdiction=jurisdiction)
        .values_list("organisation_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("organisation_id", "n")
    )
    holders = dict(
        _micro(usps)
        .filter(district_id__in=list(educators))
        .values_list("district_id")
        .annotate(n=Count("recipient_id", distinct=True))
        .values_list("district_id", "n")
    )
    plan = suppress_groups(educators, result.threshold)
    result.suppressed = plan.all_suppressed
    if not plan.all_suppressed:
        names = dict(Organisation.objects.filter(pk__in=[g for g in educators if plan.key(g) != POOLED]).values_list("pk", "name"))
        pooled = ShareRow("", 0, 0)
        for org_id, n in educators.items():
            if plan.key(org_id) == POOLED:
                pooled.educators += n
                pooled.holders += holders.get(org_id, 0)
            else:
                result.districts.append(ShareRow(names[org_id], n, holders.get(org_id, 0)))
        result.districts.sort(key=lambda r: (-r.percent, r.label))
        if pooled.educators:
            result.districts.append(pooled)
    per_item = dict(
        _micro(usps)
        .filter(version__alignments__kind="condition")
        .values_list("version__alignments")
        .annotate(n=Count("id", distinct=True))
        .values_list("version__alignments", "n")
    )
    item_plan = suppress_groups(per_item, result.threshold)
    if not item_plan.all_suppressed:
        names = dict(Item.objects.filter(pk__in=list(per_item)).values_list("pk", "name"))
        shown = [(names[i], n) for i, n in per_item.items() if item_plan.key(i) != POOLED]
        pooled_n = sum(n for i, n in per_item.items() if item_plan.key(i) == POOLED)
        result.conditions = sorted(shown, key=lambda r: (-r[1], r[0])) + ([("", pooled_n)] if pooled_n else [])
    return result


def states() -> set[str]:
    """USPS codes of the states whose issuers have awarded a micro-credential (for the insights pages)."""
    rows = Credential.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, revoked_at__isnull=True)
    return set(rows.values_list("issuer__organisation__jurisdiction__usps", flat=True).distinct()) - {None}


def last_awarded(jurisdiction: Jurisdiction) -> Any:
    """The date of the state's latest micro-credential (its data's date on the insights pages)."""
    latest = _micro(jurisdiction.usps).order_by("-valid_from").values_list("valid_from", flat=True).first()
    return latest.date() if latest else None
