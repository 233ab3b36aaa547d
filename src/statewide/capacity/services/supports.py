"""Supports (the state's catalog, districts' interest) and technical-assistance requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.capacity.models import Support, SupportAttendance, SupportInterest, TaNote, TaNoteKind, TaRequest, TaStatus, Urgency
from statewide.capacity.permissions import support_policy, ta_policy
from statewide.capacity.selectors import strategy_names, usps_of
from statewide.core.audit import audit_record
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.core.text import text_problem
from statewide.places.models import Jurisdiction, Organisation


def _text_fields(values: dict[str, str], *, required: tuple[str, ...] = (), multiline: tuple[str, ...] = ()) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for key, value in values.items():
        if key in required and not value.strip():
            problems[key] = [_("This field is required.")]
        elif problem := text_problem(value, multiline=key in multiline):
            problems[key] = [problem]
    return problems


def _support_values(
    *, strategy: str, title: str, description: str, provider: str, tiers: list[str], domains: list[str], format: str,
    starts_on: dt.date | None, ends_on: dt.date | None, capacity: int | None,
) -> dict[str, Any]:  # fmt: skip
    """Check a support's fields (the one rule for create and update); the cleaned values or field errors."""
    problems = _text_fields(
        {"title": title, "description": description, "provider": provider, "format": format}, required=("title", "provider"), multiline=("description",)
    )
    if strategy not in strategy_names():
        problems["strategy"] = [_("Choose one of the six capacity strategies.")]
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = [_("The end date is before the start date.")]
    if capacity is not None and capacity < 1:
        problems["capacity"] = [_("Give at least one place, or leave it empty.")]
    if problems:
        raise ApplicationError(_("The support was not saved."), fields=problems)
    return {
        "strategy": strategy, "title": title.strip(), "description": description.strip(), "provider": provider.strip(), "tiers": list(tiers),
        "domains": list(domains), "format": format.strip(), "starts_on": starts_on, "ends_on": ends_on, "capacity": capacity,
    }  # fmt: skip


@transaction.atomic
def support_create(
    *, actor: Actor, jurisdiction: Jurisdiction, strategy: str, title: str, description: str, provider: str,
    tiers: list[str], domains: list[str], format: str = "", starts_on: dt.date | None = None, ends_on: dt.date | None = None,
    capacity: int | None = None, is_demo: bool = False,
) -> Support:  # fmt: skip
    support_policy.require_create(actor, state=jurisdiction.usps)
    values = _support_values(
        strategy=strategy, title=title, description=description, provider=provider, tiers=tiers, domains=domains, format=format,
        starts_on=starts_on, ends_on=ends_on, capacity=capacity,
    )  # fmt: skip
    support = Support.objects.create(jurisdiction=jurisdiction, is_demo=is_demo, **values)
    audit_record(actor=actor, action="support.create", obj=support, after={"title": support.title, "strategy": strategy}, scope_state=jurisdiction.usps)
    return support


@transaction.atomic
def support_update(
    *, actor: Actor, support: Support, strategy: str, title: str, description: str, provider: str, tiers: list[str], domains: list[str],
    format: str = "", starts_on: dt.date | None = None, ends_on: dt.date | None = None, capacity: int | None = None,
    expected_version: int | None = None,
) -> Support:  # fmt: skip
    """The state's admins edit a support (every field but its state). `expected_version`: optimistic locking (core.concurrency)."""
    support_policy.require(actor, "change", support)
    values = _support_values(
        strategy=strategy, title=title, description=description, provider=provider, tiers=tiers, domains=domains, format=format,
        starts_on=starts_on, ends_on=ends_on, capacity=capacity,
    )  # fmt: skip
    before = {k: str(getattr(support, k)) for k in values}
    edit_guard(support, expected=expected_version, submitted=values)
    for key, value in values.items():
        setattr(support, key, value)
    support.save()
    after = {k: str(v) for k, v in values.items()}
    changed = [k for k in values if before[k] != after[k]]
    audit_record(
        actor=actor, action="support.update", obj=support, before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
        scope_state=support.jurisdiction.usps,
    )  # fmt: skip
    return support


@transaction.atomic
def support_interest_toggle(*, actor: Actor, support: Support, district: Organisation) -> bool:
    """A district member asks for a support (or withdraws). Returns True when the district is now interested."""
    ta_policy.require_create(actor, org=district)
    if support.jurisdiction_id != district.jurisdiction_id:
        raise ApplicationError(_("This support is offered in another state."))
    interest = SupportInterest.objects.filter(support=support, district=district).first()
    if interest:
        interest.delete()
    else:
        SupportInterest.objects.create(support=support, district=district)
    audit_record(
        actor=actor,
        action="support.interest",
        obj=support,
        after={"district": district.nces_leaid, "interested": interest is None},
        scope_state=usps_of(district),
        scope_org=district.public_id,
    )
    return interest is None


@transaction.atomic
def support_attendance_record(*, actor: Actor, support: Support, attended_on: dt.date | None, districts: list[Organisation]) -> int:
    """The state staff running a support record which districts attended it on a day (replacing that day's list;
    an empty list clears the day). A support with attendance took place: the insights count it as delivered.
    Returns how many districts attended that day."""
    support_policy.require(actor, "change", support)
    problems: dict[str, list[str]] = {}
    if attended_on is None:
        problems["attended_on"] = [_("This field is required.")]
    elif attended_on > timezone.localdate():
        problems["attended_on"] = [_("Attendance is recorded once the session has taken place: give today or an earlier day.")]
    elif (support.starts_on and attended_on < support.starts_on) or (support.ends_on and attended_on > support.ends_on):
        problems["attended_on"] = [_("Give a day within the support's dates.")]
    if strangers := sorted(d.name for d in districts if d.jurisdiction_id != support.jurisdiction_id):
        problems["districts"] = [_("Not districts of this support's state: %(names)s.") % {"names": ", ".join(strangers)}]
    if problems or attended_on is None:
        raise ApplicationError(_("The attendance was not saved."), fields=problems)
    day = SupportAttendance.objects.filter(support=support, attended_on=attended_on)
    before = sorted(leaid or "" for leaid in day.values_list("district__nces_leaid", flat=True))
    day.delete()
    unique = {d.pk: d for d in districts}
    SupportAttendance.objects.bulk_create(
        [SupportAttendance(support=support, district=d, attended_on=attended_on, recorded_by=actor_user(actor)) for d in unique.values()]
    )
    audit_record(
        actor=actor, action="support.attendance", obj=support, before={"attended_on": str(attended_on), "districts": before},
        after={"attended_on": str(attended_on), "districts": sorted(d.nces_leaid for d in unique.values())}, scope_state=support.jurisdiction.usps,
    )  # fmt: skip
    return len(unique)


@transaction.atomic
def ta_request_create(*, actor: Actor, district: Organisation, topic: str, details: str, domains: list[str], urgency: str, is_demo: bool = False) -> TaRequest:
    ta_policy.require_create(actor, org=district)
    problems = _text_fields({"topic": topic, "details": details}, required=("topic",), multiline=("details",))
    if urgency not in Urgency.values:
        problems["urgency"] = [_("Choose an urgency.")]
    if problems:
        raise ApplicationError(_("The request was not sent."), fields=problems)
    request = TaRequest.objects.create(
        district=district, topic=topic.strip(), details=details.strip(), domains=domains, urgency=urgency, requested_by=actor_user(actor), is_demo=is_demo
    )
    audit_record(
        actor=actor,
        action="ta_request.create",
        obj=request,
        after={"topic": request.topic, "urgency": urgency},
        scope_state=usps_of(district),
        scope_org=district.public_id,
    )
    return request


def _respond(request: TaRequest, at: dt.datetime) -> None:
    if request.first_response_at is None:
        request.first_response_at = at


@transaction.atomic
def ta_triage(*, actor: Actor, request: TaRequest, assignee: Any, urgency: str, at: dt.datetime | None = None) -> TaRequest:
    """State staff triage a request: set its urgency and assign a specialist (a staff member of the state)."""
    ta_policy.require(actor, "manage", request)
    if request.status == TaStatus.CLOSED:
        raise ApplicationError(_("This request is closed."))
    if urgency not in Urgency.values:
        raise ApplicationError(_("The request was not triaged."), fields={"urgency": [_("Choose an urgency.")]})
    if assignee is not None and not ta_policy.can(assignee, "manage", request):
        raise ApplicationError(_("The request was not triaged."), fields={"assignee": [_("Assign a staff member of this state.")]})
    before = {"status": request.status, "assignee": request.assignee.email if request.assignee else None}
    request.assignee, request.urgency = assignee, urgency
    request.status = TaStatus.TRIAGED if request.status == TaStatus.NEW else request.status
    _respond(request, at or timezone.now())
    request.save()
    audit_record(
        actor=actor,
        action="ta_request.triage",
        obj=request,
        before=before,
        after={"status": request.status, "assignee": assignee.email if assignee else None},
        scope_state=usps_of(request.district),
    )
    return request


@transaction.atomic
def ta_note_add(
    *, actor: Actor, request: TaRequest, text: str, kind: str = TaNoteKind.NOTE, visited_on: dt.date | None = None, at: dt.datetime | None = None
) -> TaNote:
    ta_policy.require(actor, "manage", request)
    problems = _text_fields({"text": text}, required=("text",), multiline=("text",))
    if kind not in TaNoteKind.values:
        problems["kind"] = [_("Choose a note or a visit.")]
    if kind == TaNoteKind.VISIT and visited_on is None:
        problems["visited_on"] = [_("Give the date of the visit.")]
    if problems:
        raise ApplicationError(_("The note was not saved."), fields=problems)
    note = TaNote.objects.create(request=request, kind=kind, text=text.strip(), visited_on=visited_on, author=actor_user(actor))
    _respond(request, at or timezone.now())
    if request.status in (TaStatus.NEW, TaStatus.TRIAGED):
        request.status = TaStatus.IN_PROGRESS
    request.save()
    audit_record(actor=actor, action="ta_request.note", obj=request, after={"kind": kind}, scope_state=usps_of(request.district))
    return note


@transaction.atomic
def ta_close(*, actor: Actor, request: TaRequest, outcome: str, at: dt.datetime | None = None) -> TaRequest:
    ta_policy.require(actor, "manage", request)
    problems = _text_fields({"outcome": outcome}, required=("outcome",), multiline=("outcome",))
    if problems:
        raise ApplicationError(_("The request was not closed."), fields=problems)
    if request.status == TaStatus.CLOSED:
        raise ApplicationError(_("This request is already closed."))
    when = at or timezone.now()
    _respond(request, when)
    request.status, request.outcome, request.closed_at = TaStatus.CLOSED, outcome.strip(), when
    request.save()
    audit_record(actor=actor, action="ta_request.close", obj=request, after={"outcome": request.outcome[:200]}, scope_state=usps_of(request.district))
    return request
