"""Builders for program tests: a program from a template, people in roles, an application at a stage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from statewide.accounts.models import Role, User
from statewide.core.permissions import SYSTEM
from statewide.places.models import Organisation, School
from statewide.programs import services
from statewide.programs.models import Application, Program
from statewide.programs.services.applications import ANSWER_STEPS
from tests.factories import DistrictFactory, jurisdiction, person, state_agency


def program(state: str = "TX", template: str = "texas", **kwargs: Any) -> Program:
    return services.program_create(actor=SYSTEM, jurisdiction=jurisdiction(state), template=template, **kwargs)


def lead(district: Organisation | None = None, state: str = "TX") -> User:
    return person(Role.DISTRICT_LEAD, district or DistrictFactory(state=state))


def admin(state: str = "TX") -> User:
    return person(Role.STATE_ADMIN, state_agency(state))


def reviewer(state: str = "TX") -> User:
    return person(Role.STATE_REVIEWER, state_agency(state))


def lead_org(user: User) -> Organisation:
    return user.memberships.get(role=Role.DISTRICT_LEAD).organisation  # type: ignore[attr-defined,no-any-return]


def draft(prog: Program, district_lead: User, *, complete: bool = True) -> Application:
    app = services.application_create(actor=district_lead, program=prog, organisation=lead_org(district_lead), title="Learner-centered high schools")
    if complete:
        services.application_save_answers(actor=district_lead, application=app, answers={s: f"Our {s} answer." for s in ANSWER_STEPS})
        services.application_affirm(actor=district_lead, application=app, assurances=list(prog.assurances.all()))
    return app


def to_conditional(prog: Program, district_lead: User, state_admin: User, rev: User) -> Application:
    app = draft(prog, district_lead)
    services.application_submit(actor=district_lead, application=app)
    services.assignment_create(actor=state_admin, application=app, reviewer=rev)
    services.application_transition(actor=state_admin, application=app, transition="start_review")
    decider = district_lead if prog.decider == "local" else state_admin
    services.decision_propose(actor=decider, application=app, kind="conditionally_approve", note="Plan by next year.")
    return app


def to_approved(prog: Program, district_lead: User, state_admin: User, rev: User) -> Application:
    app = to_conditional(prog, district_lead, state_admin, rev)
    waivable = prog.rules.filter(waivable=True).first()
    if waivable:
        services.flexibility_request_add(actor=district_lead, application=app, rule=waivable, justification="Needed for flexible scheduling.")
    services.indicator_add(
        actor=district_lead, application=app, name="Students on track", baseline=Decimal("40"), target=Decimal("60"), data_source="SIS", cadence="annual"
    )
    services.plan_submit(actor=district_lead, application=app, text="We will personalize learning in three high schools.")
    decider = district_lead if prog.decider == "local" else state_admin
    services.decision_propose(actor=decider, application=app, kind="approve")
    app.refresh_from_db()
    return app


def schools(district: Organisation, n: int) -> list[School]:
    """`n` schools of a district (NCES ids made from its LEAID)."""
    base = district.nces_leaid or f"{district.pk:07d}"
    return [School.objects.create(nces_id=f"{base}{i:05d}", district=district, name=f"{district.name} School {i}") for i in range(1, n + 1)]
