"""The growth dashboard's kept counts (``GrowthTally``, written by ``services.tally``): read them,
or count the same figures straight from the credentials (the recount the tallies are checked
against and rebuilt from)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from statewide.credentials.models import Credential, CredentialKind, GrowthTally, TallyDimension

Counts = dict[str, dict[int, int]]


def growth_tally_read(jurisdiction_id: int) -> Counts:
    """The kept counts of one state: ``{"year": {year: n}, "version": {id: n}, "district": {id: holders}}``."""
    found: Counts = {TallyDimension.YEAR: {}, TallyDimension.VERSION: {}, TallyDimension.DISTRICT: {}}
    rows = GrowthTally.objects.filter(jurisdiction_id=jurisdiction_id, dimension__in=list(found), n__gt=0).values_list("dimension", "key", "n")
    for dimension, key, n in rows:
        found[dimension][key] = n
    return found


def recount_rows(credential_model: Any = Credential, jurisdiction_id: int | None = None) -> list[tuple[int, str, int, int, int]]:
    """(jurisdiction, dimension, key, key2, n) of every tally, counted from the credentials."""
    qs = credential_model.objects.filter(kind=CredentialKind.MICRO_CREDENTIAL, revoked_at__isnull=True, issuer__organisation__jurisdiction__isnull=False)
    if jurisdiction_id is not None:
        qs = qs.filter(issuer__organisation__jurisdiction_id=jurisdiction_id)
    qs = qs.annotate(j=F("issuer__organisation__jurisdiction_id")).order_by()
    rows: list[tuple[int, str, int, int, int]] = []
    for j, year, n in qs.annotate(y=ExtractYear("valid_from")).values_list("j", "y").annotate(n=Count("id")).values_list("j", "y", "n"):
        rows.append((j, TallyDimension.YEAR, year, 0, n))
    for j, version, n in qs.filter(version__isnull=False).values_list("j", "version_id").annotate(n=Count("id")).values_list("j", "version_id", "n"):
        rows.append((j, TallyDimension.VERSION, version, 0, n))
    holders: Counter[tuple[int, int]] = Counter()
    held = qs.filter(district__isnull=False, recipient__isnull=False).values_list("j", "district_id", "recipient_id").annotate(n=Count("id"))
    for j, district, recipient, n in held.values_list("j", "district_id", "recipient_id", "n").iterator():
        rows.append((j, TallyDimension.HOLDER, district, recipient, n))
        holders[(j, district)] += 1
    rows += [(j, TallyDimension.DISTRICT, district, 0, n) for (j, district), n in holders.items()]
    return rows


def growth_recount(jurisdiction_id: int) -> Counts:
    """The same counts as ``growth_tally_read``, straight from the credentials (the check)."""
    found: Counts = defaultdict(dict)
    for _j, dimension, key, _key2, n in recount_rows(jurisdiction_id=jurisdiction_id):
        if dimension != TallyDimension.HOLDER:
            found[dimension][key] = n
    return {d: found.get(d, {}) for d in (TallyDimension.YEAR, TallyDimension.VERSION, TallyDimension.DISTRICT)}
