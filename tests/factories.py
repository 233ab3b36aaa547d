"""Test data factories (factory_boy + Faker, fixed seed). Build people and places through these."""

from __future__ import annotations

import factory
import factory.random
from factory.django import DjangoModelFactory
from faker import Faker

from statewide.accounts.models import Membership, Role, User
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind

SEED = 20261122
factory.random.reseed_random(SEED)
Faker.seed(SEED)

TEST_PASSWORD = "correct-horse-battery-staple"


def jurisdiction(usps: str) -> Jurisdiction:
    """Jurisdictions are reference data loaded by migration-equivalent fixtures (see conftest)."""
    return Jurisdiction.objects.get(usps=usps)


def synthetic_leaid(fips: str, i: int, *, series: int = 8) -> str:
    """The NCES LEAID (7 characters: the state's FIPS code and 5 digits; PostgreSQL refuses a longer
    one) of made-up district `i`, counted from `series`0000: room for (10 - series) x 10,000
    districts. Real LEAIDs fall in these ranges too (Texas has some from 48 62xxx on), so tests
    that build these do not load the real directory."""
    code = series * 10_000 + i
    assert code < 100_000, f"district {i} does not fit in series {series}"
    return f"{fips}{code:05d}"


def state_agency(usps: str) -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.STATE_AGENCY, jurisdiction__usps=usps)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(TEST_PASSWORD)


class DistrictFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    class Params:
        state = "TX"

    kind = OrganisationKind.DISTRICT
    jurisdiction = factory.LazyAttribute(lambda o: Jurisdiction.objects.get(usps=o.state))
    # LEAID = 2-digit state FIPS + 5 digits, as NCES assigns them.
    nces_leaid = factory.LazyAttributeSequence(lambda o, n: f"{o.jurisdiction.fips}{90000 + n:05d}")
    name = factory.LazyAttributeSequence(lambda o, n: f"{Faker().city().upper()} ISD {n}")
    city = factory.Faker("city")
    locale_code = factory.Iterator(["11", "21", "32", "42"])
    agency_type = 1
    grade_low = "PK"
    grade_high = "12"


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.EDUCATOR
    organisation = factory.SubFactory(DistrictFactory)


def person(role: str | None = None, organisation: Organisation | None = None, *, operator: bool = False, email: str | None = None) -> User:
    """A user holding one role (or none). Operators are superusers."""
    kwargs = {"email": email} if email else {}
    user = UserFactory(is_superuser=operator, is_staff=operator, **kwargs)
    if role:
        Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


def analyze(*tables: str) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would in production.

    Without it, tables filled inside a test look empty to the planner, which may then choose plans
    (nested loops over sequential scans) that no real database with statistics would use.
    """
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
