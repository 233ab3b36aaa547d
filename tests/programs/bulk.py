"""Bulk-built program data for query budgets and the benchmark: many applications and reports, no service calls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from statewide.core.bulk import bulk_insert
from statewide.places.models import Organisation, OrganisationKind, School
from statewide.programs.models import AnnualReport, ApplicantKind, Application, FlexibilityRequest, Indicator, IndicatorValue, Program
from statewide.programs.workflow import Status
from tests.factories import analyze, jurisdiction, synthetic_leaid

STATUSES = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.CONDITIONAL, Status.APPROVED, Status.COMPLETED]


def build(program: Program, *, applications: int, reports_per_application: int, organisations: int = 100) -> list[Application]:
    """`applications` applications spread over `organisations` districts, all statuses; each approved or
    completed one has an indicator, an approved flexibility and `reports_per_application` reports."""
    state = jurisdiction(program.jurisdiction.usps)
    orgs = bulk_insert(
        Organisation,
        [
            Organisation(kind=OrganisationKind.DISTRICT, name=f"BULK ISD {i:04d}", jurisdiction=state, nces_leaid=synthetic_leaid(state.fips, i), city="Austin")
            for i in range(organisations)
        ],
    )
    today = timezone.localdate()
    apps = bulk_insert(
        Application,
        [
            Application(
                program=program,
                organisation=orgs[i % organisations],
                title=f"Application {i}",
                status=STATUSES[i % len(STATUSES)],
                term_start=today - dt.timedelta(days=400),
                term_end=today + dt.timedelta(days=1400),
                answers={"vision": "v"},
            )
            for i in range(applications)
        ],
    )
    apps = list(Application.objects.filter(program=program).order_by("pk"))
    # Every third application is a school's (one of its district's schools): lists must not query per school.
    schools = bulk_insert(School, [School(nces_id=f"{o.nces_leaid}00001", district=o, name=f"{o.name} High") for o in orgs])
    school_of = {s.district_id: s for s in schools}
    chosen = apps[::3]
    Application.objects.filter(pk__in=[a.pk for a in chosen]).update(applicant_kind=ApplicantKind.SCHOOL)
    through = Application.schools.through
    bulk_insert(through, [through(application_id=a.pk, school_id=school_of[a.organisation_id].pk) for a in chosen])
    rule = program.rules.filter(waivable=True).first()
    if rule is not None:
        bulk_insert(FlexibilityRequest, [FlexibilityRequest(application=a, rule=rule, justification="j", approved=True) for a in apps])
    bulk_insert(Indicator, [Indicator(application=a, name="On track", baseline=Decimal(40), target=Decimal(60), data_source="SIS") for a in apps])
    indicators = {i.application_id: i for i in Indicator.objects.filter(application__program=program)}
    now = timezone.now()
    reports = [
        AnnualReport(application=a, year=y, narrative="n", is_public=True, submitted_at=now) for a in apps for y in range(1, reports_per_application + 1)
    ]
    bulk_insert(AnnualReport, reports)
    stored = AnnualReport.objects.filter(application__program=program).values_list("pk", "application_id")
    bulk_insert(IndicatorValue, [IndicatorValue(report_id=pk, indicator=indicators[app_id], value=Decimal(45)) for pk, app_id in stored])
    analyze("programs_application", "programs_annualreport", "programs_indicatorvalue", "places_organisation")
    return apps
