"""Bulk-built data in every module the insights dashboards read (bulk inserts, a few service calls for
the reference parts), for query budgets and the benchmark. `grow` adds districts with data in each module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from statewide.accounts.models import Membership, Role, User
from statewide.capacity.models import ReadinessInstrument, ReadinessRound, RoundStatus, TaRequest
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.credentials.models import Credential
from statewide.places.models import DistrictEnrollment, Organisation, OrganisationKind
from statewide.policies.demo import load_policy_types
from statewide.programs.models import AnnualReport, Application, Indicator, IndicatorValue, Program
from statewide.programs.workflow import Status
from statewide.selfassessment import services as sa_services
from statewide.selfassessment.models import CampaignStatus
from tests.credentials.setup import World, build_world
from tests.factories import analyze, jurisdiction, synthetic_leaid
from tests.policies.factories import PolicyRecordFactory
from tests.programs import factories as pf
from tests.selfassessment import factories as sa

RACES = dict.fromkeys(["hispanic", "american_indian", "asian", "black", "pacific_islander", "two_or_more"], 0)


def reference() -> tuple[Program, World]:
    """The parts every size shares: a program, an issuer and micro-credential, policies, a closed round."""
    load_policy_types()
    for year in (2016, 2019, 2023):
        PolicyRecordFactory(state="TX", type_code="innovation-zone", enacted_on=dt.date(year, 7, 1))
    campaign = sa.campaign(title="Baseline")
    for item, level in zip(sa.conditions(), sa.levels() * 3, strict=False):
        sa_services.decision_record(actor=SYSTEM, campaign=campaign, item=item, level=level, rationale="Agreed.", is_priority=False)
    sa_services.campaign_set_status(actor=SYSTEM, campaign=campaign, status=CampaignStatus.CLOSED)
    content_changed("policies")
    return pf.program(), build_world()


def add_students_and_educators(orgs: list[Organisation], *, students: int, educators: int, email_prefix: str, start: int) -> list[User]:
    """Each district's 2013-14 enrollment (`students`, all white, no subgroup) and `educators` educators; the
    educators, district by district in order."""
    bulk_insert(
        DistrictEnrollment,
        [DistrictEnrollment(district=o, school_year="2013-14", all_students=students, white=students, economically_disadvantaged=0,
                            english_learners=0, students_with_disabilities=0, source="test", **RACES) for o in orgs],
    )  # fmt: skip
    count = len(orgs)
    bulk_insert(User, [User(email=f"{email_prefix}-{i}-{k}@example.org", full_name="Educator") for i in range(start, start + count) for k in range(educators)])
    users = list(User.objects.filter(email__startswith=f"{email_prefix}-").order_by("pk"))[-educators * count :]
    bulk_insert(Membership, [Membership(user=u, organisation=orgs[n // educators], role=Role.EDUCATOR) for n, u in enumerate(users)])
    return users


def grow(instrument: ReadinessInstrument, program: Program, world: World, *, districts: int, start: int) -> None:
    """`districts` more districts, each with two readiness rounds, a TA request, a program application with an
    indicator and a public report, enrollment, three educators and a micro-credential."""
    texas = jurisdiction("TX")
    orgs = bulk_insert(
        Organisation,
        [
            Organisation(kind=OrganisationKind.DISTRICT, jurisdiction=texas, nces_leaid=synthetic_leaid("48", i, series=6), name=f"Insights district {i:04d}")
            for i in range(start, start + districts)
        ],
    )
    rounds = [
        ReadinessRound(district=o, instrument=instrument, title=f"Fall {year}", status=RoundStatus.SUBMITTED, tier_code=tier, score=Decimal(score),
                       result={"tier_name": tier.replace("tier-", "Tier ")}, submitted_at=dt.datetime(year, 10, 1, tzinfo=dt.UTC))
        for i, o in enumerate(orgs)
        for year, tier, score in ((2025, "tier-3", "1.8"), (2026, "tier-2" if i % 2 else "tier-1", "2.6" if i % 2 else "3.4"))
    ]  # fmt: skip
    bulk_insert(ReadinessRound, rounds)
    bulk_insert(
        TaRequest,
        [TaRequest(district=o, topic="Help", urgency="normal", first_response_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)) for o in orgs],
    )
    apps = bulk_insert(
        Application,
        [
            Application(program=program, organisation=o, title="A", status=Status.APPROVED, term_start=dt.date(2025, 8, 1), term_end=dt.date(2030, 7, 31))
            for o in orgs
        ],
    )
    apps = list(Application.objects.filter(organisation__in=orgs))
    indicators = bulk_insert(Indicator, [Indicator(application=a, name="On track", baseline=40, target=60, data_source="SIS") for a in apps])
    indicators = list(Indicator.objects.filter(application__in=apps).order_by("pk"))
    bulk_insert(AnnualReport, [AnnualReport(application=a, year=1, narrative="n", is_public=True) for a in apps])
    reports = {r.application_id: r for r in AnnualReport.objects.filter(application__in=apps)}
    bulk_insert(IndicatorValue, [IndicatorValue(report=reports[i.application_id], indicator=i, value=50) for i in indicators])
    users = add_students_and_educators(orgs, students=500, educators=3, email_prefix="insights", start=start)
    bulk_insert(
        Credential,
        [
            Credential(issuer=world.issuer, version=world.version, recipient=u, district=orgs[n], name=world.version.name,
                       status_index=10_000 + start * 3 + n, valid_from=dt.datetime(2025 + n % 2, 3, 1, tzinfo=dt.UTC), document={"id": "x"}, jwt="x")
            for n, u in enumerate(users[::3])
        ],
    )  # fmt: skip
    analyze("places_organisation", "capacity_readinessround", "programs_application", "credentials_credential", "accounts_membership")
    content_changed("capacity", "programs", "places", "credentials", "accounts")
