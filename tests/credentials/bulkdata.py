"""Many rows fast (bulk inserts, not service calls) for counts and query budgets. The credentials
made here are unsigned placeholders: they are counted and listed, never verified."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from statewide.accounts.models import Membership, Role, User
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.credentials.models import Credential, HeldCredential
from statewide.credentials.services import growth_tally_rebuild
from tests.factories import DistrictFactory

_counter = [0]


def educators(district, n: int) -> list[User]:
    _counter[0] += 1
    users = bulk_insert(User, [User(email=f"bulk{_counter[0]}-{i}@example.org", full_name=f"Educator {i}") for i in range(n)])
    users = list(User.objects.filter(email__startswith=f"bulk{_counter[0]}-").order_by("id"))
    bulk_insert(Membership, [Membership(user=u, organisation=district, role=Role.EDUCATOR) for u in users])
    content_changed("accounts")  # not audited: bump the version cached counts of educators depend on
    return users


def credentials(world, recipients: list[User], *, year: int, district=None, start_index: int = 1000, revoked: bool = False) -> None:
    rows = [
        Credential(
            issuer=world.issuer,
            version=world.version,
            recipient=user,
            district=district,
            name=world.version.name,
            status_index=start_index + i,
            valid_from=dt.datetime(year, 3, 1, tzinfo=dt.UTC),
            revoked_at=dt.datetime(year, 4, 1, tzinfo=dt.UTC) if revoked else None,
            document={"id": "placeholder"},
            jwt="placeholder",
        )
        for i, user in enumerate(recipients)
    ]
    bulk_insert(Credential, rows)
    growth_tally_rebuild()  # a bulk load skips the services that keep the growth tallies


def districts(n: int):
    return [DistrictFactory(state="TX") for _ in range(n)]


def held(holder, n: int) -> None:
    """Credentials put into a person's account through the OB 3.0 API (JSON placeholders)."""
    bulk_insert(
        HeldCredential,
        [
            HeldCredential(
                holder=holder, credential_ref=f"https://example.org/c/{i}", issuer_ref="https://example.org/issuer", name=f"Held {i}", document={"id": i}
            )
            for i in range(n)
        ],
    )


def bearer(user, scope: str) -> str:
    """An Authorization header with a real access token of the given scope (what the token endpoint
    stores after the flow tests/credentials/test_ob_api.py walks)."""
    raw = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(user=user, token=raw, scope=scope, expires=timezone.now() + dt.timedelta(hours=1))
    return f"Bearer {raw}"
