"""The micro-credentials section of a district's profile (registered with `places.profile` in `CredentialsConfig.ready`).

Counts of the micro-credentials its educators earned (issued with this district, not revoked), by
micro-credential. Counts describe people, so every figure passes the project's one small-count
suppression rule first, through `suppress_small_counts` — the one place to switch when that rule
moves (to `statewide.core.disclosure`). Everyone sees the same figures: they are already safe to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from statewide.credentials.models import Credential, CredentialKind
from statewide.places.models import Organisation
from statewide.places.profile import DistrictSection
from statewide.places.selectors import disclosure_minimum
from statewide.selfassessment.suppression import POOLED, Suppression, suppress_groups


def suppress_small_counts(counts: dict[int, int], threshold: int) -> Suppression:
    """The project's one disclosure rule (groups below the state's minimum n pooled), called only here."""
    return suppress_groups(counts, threshold)


@dataclass(frozen=True)
class CredentialCounts:
    rows: list[tuple[str, int]]  # (micro-credential, credentials earned), largest first
    pooled: int  # earned in micro-credentials too small to show alone (0: none)
    total: int | None  # None when the district's whole count is too small to show
    threshold: int


def district_credential_counts(district: Organisation) -> CredentialCounts:
    """One grouped query; small groups pooled, a small district shows nothing."""
    grouped = (
        Credential.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, district=district, revoked_at__isnull=True, version__isnull=False)
        .values("version__micro_credential_id")
        .annotate(n=Count("id"), name=Max("version__name"))
        .order_by()
    )
    counts = {g["version__micro_credential_id"]: g["n"] for g in grouped}
    names = {g["version__micro_credential_id"]: g["name"] for g in grouped}
    threshold = disclosure_minimum(district.jurisdiction.usps if district.jurisdiction else "")
    if not counts:
        return CredentialCounts([], 0, 0, threshold)
    plan = suppress_small_counts(counts, threshold)
    if plan.all_suppressed:
        return CredentialCounts([], 0, None, threshold)
    rows = sorted(((names[k], n) for k, n in counts.items() if plan.key(k) != POOLED), key=lambda r: (-r[1], r[0]))
    pooled = sum(n for k, n in counts.items() if plan.key(k) == POOLED)
    return CredentialCounts(rows, pooled, sum(counts.values()), threshold)


def credentials_section(user: Any, district: Organisation) -> DistrictSection:
    return DistrictSection("credentials", _("Micro-credentials"), "credentials/_district_section.html", {"counts": district_credential_counts(district)})
