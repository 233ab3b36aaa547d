"""The growth dashboard's kept summary (``GrowthTally``): counted on write by the services that
issue and revoke micro-credentials, inside their transaction, and recounted from the credentials by
``growth_tally_rebuild`` (a data migration, and bulk loads that skip the services). The read side,
and the direct recount both are checked against, are in ``credentials.tallies``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from statewide.core.bulk import bulk_insert_rows
from statewide.core.cache import content_changed
from statewide.credentials.models import Credential, CredentialKind, GrowthTally, TallyDimension
from statewide.credentials.tallies import recount_rows


def _bump(jurisdiction_id: int, dimension: str, key: int, delta: int, key2: int = 0) -> int:
    """Add ``delta`` to one tally (created at 0 when missing); its new value."""
    where = {"jurisdiction_id": jurisdiction_id, "dimension": dimension, "key": key, "key2": key2}
    row = GrowthTally.objects.select_for_update().filter(**where).first()
    if row is None:
        try:
            with transaction.atomic():
                GrowthTally.objects.create(**where, n=delta)
                return delta
        except IntegrityError:  # created concurrently: count on that row
            row = GrowthTally.objects.select_for_update().get(**where)
    row.n += delta
    row.save(update_fields=["n"])
    return row.n


def growth_tally_count(credential: Credential, delta: int) -> None:
    """Count an issued (``delta=1``) or revoked (``delta=-1``) credential; program-status ones and
    those of an issuer without a state are not on the dashboard. Call inside the write's transaction."""
    jurisdiction_id = credential.issuer.organisation.jurisdiction_id
    if credential.kind != CredentialKind.MICRO_CREDENTIAL or jurisdiction_id is None:
        return
    _bump(jurisdiction_id, TallyDimension.YEAR, timezone.localtime(credential.valid_from).year, delta)  # as ExtractYear reads it
    if credential.version_id is not None:
        _bump(jurisdiction_id, TallyDimension.VERSION, credential.version_id, delta)
    if credential.district_id is not None and credential.recipient_id is not None:
        held = _bump(jurisdiction_id, TallyDimension.HOLDER, credential.district_id, delta, key2=credential.recipient_id)
        if (delta > 0 and held == delta) or (delta < 0 and held == 0):  # a first credential there, or the last one gone
            _bump(jurisdiction_id, TallyDimension.DISTRICT, credential.district_id, 1 if delta > 0 else -1)


def growth_tally_rebuild(jurisdiction_id: int | None = None, *, credential_model: Any = Credential, tally_model: Any = GrowthTally) -> int:
    """Recount the tallies (one state's, or all) from the credentials, in one transaction; the rows written."""
    with transaction.atomic():
        existing = tally_model.objects.all() if jurisdiction_id is None else tally_model.objects.filter(jurisdiction_id=jurisdiction_id)
        existing.delete()
        rows = recount_rows(credential_model, jurisdiction_id)
        bulk_insert_rows(tally_model, ["jurisdiction_id", "dimension", "key", "key2", "n"], rows)
        content_changed("credentials")  # the dashboards cached from the tallies (credentials.growth, insights)
    return len(rows)
