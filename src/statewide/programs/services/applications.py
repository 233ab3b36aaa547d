"""The applicant's writes and the one way an application's status changes (`move`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.core.text import text_problem
from statewide.places.models import Organisation, School
from statewide.programs.models import ApplicantKind, Application, Assurance, FlexibilityRequest, Indicator, PlanVersion, Program, Rule
from statewide.programs.permissions import application_policy, may_take, program_policy
from statewide.programs.signals import program_status_changed
from statewide.programs.workflow import BY_NAME, Status, allowed

# The steps of the application draft, in order: each is one page of the multi-step form.
ANSWER_STEPS = ("vision", "readiness", "community")
ANSWER_MAX = 20000


def _plan_filed(app: Application) -> None:
    if not app.plan_versions.exists():
        raise ApplicationError(_("Write the comprehensive plan first."), fields={"text": [_("Required.")]})
    if not app.indicators.exists():
        raise ApplicationError(_("Add at least one indicator to the evaluation design."), fields={"indicators": [_("Add an indicator.")]})


def _scope(app: Application) -> str:
    return app.program.jurisdiction.usps


def _text(value: str, field: str, *, required: bool = True, multiline: bool = True, max_length: int = ANSWER_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("This field is required."), fields={field: [_("Required.")]})
    if len(value) > max_length:
        raise ApplicationError(_("Too long."), fields={field: [_("At most %(n)s characters.") % {"n": max_length}]})
    if problem := text_problem(value, multiline=multiline):
        raise ApplicationError(problem, fields={field: [problem]})
    return value


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _guard(app: Application, name: str) -> None:
    """The guards of the transitions table (workflow.Transition.guard), checked before a move."""
    if name == "submit":
        missing = [s for s in ANSWER_STEPS if not (app.answers or {}).get(s, "").strip()]
        if missing:
            raise ApplicationError(_("Answer every step before submitting."), fields={s: [_("Required.")] for s in missing})
        wanted = set(app.program.assurances.values_list("pk", flat=True))
        if wanted - set(app.affirmed.values_list("pk", flat=True)):
            raise ApplicationError(_("Affirm every assurance before submitting."), fields={"assurances": [_("Affirm each assurance.")]})
    elif name == "start_review" and not app.assignments.exists():
        raise ApplicationError(_("Assign at least one reviewer first."), fields={"reviewer": [_("Assign a reviewer.")]})
    elif name == "submit_plan" or (name == "approve" and app.status != Status.PLAN_SUBMITTED):
        _plan_filed(app)  # without a planning year the plan and its indicators come with the application
    elif name == "complete" and not (app.final_evaluation and app.sustainability_plan):
        raise ApplicationError(_("File the final evaluation and the sustainability plan."), fields={"final_evaluation": [_("Required.")]})


def _effects(app: Application, name: str, today: dt.date) -> list[str]:
    """What a transition changes besides the status; returns the fields it set."""
    program = app.program
    if name == "conditionally_approve":
        app.plan_due = today + dt.timedelta(days=program.plan_due_days)
        return ["plan_due"]
    if name == "approve":
        app.term_start, app.term_end = today, years_later(today, program.term_years)
        app.flexibilities.update(approved=True)
        app.plan_versions.filter(approved_at__isnull=True).update(approved_at=timezone.now())
        return ["term_start", "term_end"]
    if name == "approve_amendment":
        app.plan_versions.filter(approved_at__isnull=True).update(approved_at=timezone.now())
    if name == "renew":
        app.term_end = years_later(max(app.term_end or today, today), program.term_years)
        return ["term_end"]
    return []


def move(app: Application, name: str, *, actor: Actor, note: str = "", permitted: bool = False) -> Application:
    """Take transition `name` (checks the table, who acts, and the guard). Callers hold a transaction.

    `permitted`: who acts was checked already (a decision whose proposer could decide, completed by its
    approval group's last approver)."""
    transition = BY_NAME.get(name)
    if transition is None or not allowed(app.status, name, app.program.skipped_stages or []):
        raise ApplicationError(
            _("This application cannot do that now (it is %(status)s).") % {"status": app.get_status_display()}, code="transition", fields={"status": [name]}
        )
    if not permitted and not may_take(actor, app, transition):
        raise PermissionDenied
    _guard(app, name)
    old = app.status
    now = timezone.now()
    app.status = transition.target
    app.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at", *_effects(app, name, timezone.localdate())]
    if name == "submit":
        app.submitted_at = now
        fields.append("submitted_at")
    app.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"programs_application.{name}",
        obj=app,
        before={"status": old},
        after={"status": app.status, "note": note[:500]},
        scope_state=_scope(app),
    )
    program_status_changed.send(sender=Application, application=app, old_status=old, new_status=app.status, transition=name, actor=actor)
    return app


def application_transition(*, actor: Actor, application: Application, transition: str) -> Application:
    """A transition that is not a decision (submit, start review, submit plan, complete)."""
    if BY_NAME.get(transition) is not None and BY_NAME[transition].decision:
        raise ApplicationError(_("Decisions are made through a decision."), fields={"transition": [transition]})
    with transaction.atomic():
        return move(application, transition, actor=actor)


def _applicant(program: Program, organisation: Organisation, kind: str, schools: list[School], group_name: str) -> str:
    """Check who applies: a kind the program accepts, and for a school or a group, schools of the district."""
    if kind not in program.applicant_kinds:
        accepted = ", ".join(str(ApplicantKind(k).label) for k in program.applicant_kinds if k in ApplicantKind.values)
        msg = _("This program takes applications from: %(kinds)s.") % {"kinds": accepted}
        raise ApplicationError(msg, fields={"applicant_kind": [msg]})
    if any(s.district_id != organisation.pk for s in schools):
        msg = _("Pick schools of %(district)s.") % {"district": organisation.name}
        raise ApplicationError(msg, fields={"schools": [msg]})
    unique = {s.pk for s in schools}
    if kind == ApplicantKind.DISTRICT and unique:
        raise ApplicationError(_("A district applies for itself; pick no schools."), fields={"schools": [_("Leave empty for a district.")]})
    if kind == ApplicantKind.SCHOOL and len(unique) != 1:
        raise ApplicationError(_("Pick the one school that applies."), fields={"schools": [_("Pick exactly one school.")]})
    if kind == ApplicantKind.SCHOOL_GROUP:
        if len(unique) < 2:
            raise ApplicationError(_("A group has at least two schools."), fields={"schools": [_("Pick at least two schools.")]})
        return _text(group_name, "group_name", multiline=False, max_length=200)
    return ""


def application_create(
    *,
    actor: Actor,
    program: Program,
    organisation: Organisation,
    title: str,
    applicant_kind: str = ApplicantKind.DISTRICT,
    schools: list[School] | None = None,
    group_name: str = "",
    is_demo: bool = False,
) -> Application:
    """Start an application: a district for itself, or on behalf of one of its schools or a named group of them."""
    if not program_policy.can(actor, "view", program):
        raise PermissionDenied
    application_policy.require_create(actor, org=organisation)
    title = _text(title, "title", multiline=False, max_length=200)
    if organisation.jurisdiction_id != program.jurisdiction_id:
        raise ApplicationError(_("Only organizations of the program's state may apply."), fields={"organisation": [_("Not in this state.")]})
    schools = list(schools or [])
    group_name = _applicant(program, organisation, applicant_kind, schools, group_name)
    today = timezone.localdate()
    if (program.opens_on and today < program.opens_on) or (program.closes_on and today > program.closes_on):
        raise ApplicationError(_("Applications are not open."), fields={"program": [_("The application window is closed.")]})
    with transaction.atomic():
        app = Application.objects.create(
            program=program,
            organisation=organisation,
            applicant_kind=applicant_kind,
            group_name=group_name,
            title=title,
            is_demo=is_demo,
            created_by=actor_user(actor),
        )
        app.schools.set(schools)
        audit_record(
            actor=actor,
            action="programs_application.create",
            obj=app,
            after={"title": title, "program": program, "applicant_kind": applicant_kind, "schools": sorted(s.nces_id for s in schools)},
            scope_state=_scope(app),
        )
    return app


def _editable(actor: Actor, app: Application) -> None:
    application_policy.require(actor, "apply", app)
    if app.status not in (Status.DRAFT, Status.REVISE):
        raise ApplicationError(_("Only a draft can be edited."), fields={"status": [app.get_status_display()]})


def application_save_answers(*, actor: Actor, application: Application, answers: dict[str, str]) -> Application:
    """Autosave of the multi-step draft: saves the steps given, leaves the others."""
    _editable(actor, application)
    clean: dict[str, Any] = {k: _text(v, k, required=False) for k, v in answers.items() if k in ANSWER_STEPS}
    with transaction.atomic():
        before = dict(application.answers or {})
        application.answers = before | clean
        application.save(update_fields=["answers", "updated_at"])
        audit_record(actor=actor, action="programs_application.save_answers", obj=application, after={"steps": sorted(clean)}, scope_state=_scope(application))
    return application


def application_affirm(*, actor: Actor, application: Application, assurances: list[Assurance]) -> Application:
    _editable(actor, application)
    if any(a.program_id != application.program_id for a in assurances):
        raise ApplicationError(_("Pick assurances of this program."), fields={"assurances": [_("Unknown assurance.")]})
    with transaction.atomic():
        application.affirmed.set(assurances)
        audit_record(
            actor=actor,
            action="programs_application.affirm",
            obj=application,
            after={"assurances": [a.pk for a in assurances]},
            scope_state=_scope(application),
        )
    return application


def application_submit(*, actor: Actor, application: Application) -> Application:
    return application_transition(actor=actor, application=application, transition="submit")


def _planning(actor: Actor, app: Application) -> None:
    """The plan, its flexibility requests and indicators are filed in the planning year, or with the draft in a program without one."""
    application_policy.require(actor, "apply", app)
    if app.program.uses("planning") and app.status != Status.CONDITIONAL:
        raise ApplicationError(_("The plan is filed in the planning year (after conditional approval)."), fields={"status": [app.get_status_display()]})
    if not app.program.uses("planning") and app.status not in (Status.DRAFT, Status.REVISE):
        raise ApplicationError(_("This program has no planning year: the plan is filed with the application."), fields={"status": [app.get_status_display()]})


def plan_submit(*, actor: Actor, application: Application, text: str, logic_model: str = "") -> PlanVersion:
    """File (or replace, until submitted) version 1 of the comprehensive plan, then submit it with its requests and indicators."""
    _planning(actor, application)
    text = _text(text, "text")
    logic_model = _text(logic_model, "logic_model", required=False)
    with transaction.atomic():
        version, _created = PlanVersion.objects.update_or_create(
            application=application, number=1, defaults={"text": text, "logic_model": logic_model, "created_by": actor_user(actor)}
        )
        audit_record(actor=actor, action="programs_plan.submit", obj=application, after={"version": 1}, scope_state=_scope(application))
        if application.program.uses("planning"):
            move(application, "submit_plan", actor=actor)
    return version


def flexibility_request_add(*, actor: Actor, application: Application, rule: Rule, justification: str) -> FlexibilityRequest:
    """Ask for an exemption. Only rules of the program's catalog, and never a non-waivable one."""
    _planning(actor, application)
    if rule.program_id != application.program_id:
        raise ApplicationError(_("Pick a rule from this program's catalog."), fields={"rule": [_("Not in the catalog.")]})
    if not rule.waivable:
        message = _("%(citation)s cannot be waived: %(reason)s") % {"citation": rule.citation, "reason": rule.reason or rule.summary}
        raise ApplicationError(message, code="not_waivable", fields={"rule": [message]})
    justification = _text(justification, "justification")
    with transaction.atomic():
        request, _created = FlexibilityRequest.objects.update_or_create(application=application, rule=rule, defaults={"justification": justification})
        audit_record(actor=actor, action="programs_flexibility.request", obj=application, after={"rule": rule.code}, scope_state=_scope(application))
    return request


def indicator_add(*, actor: Actor, application: Application, name: str, baseline: Decimal, target: Decimal, data_source: str, cadence: str) -> Indicator:
    """The evaluation design is chosen before implementation: indicators are added only in the planning year."""
    _planning(actor, application)
    name = _text(name, "name", multiline=False, max_length=200)
    data_source = _text(data_source, "data_source", multiline=False, max_length=200)
    with transaction.atomic():
        indicator = Indicator.objects.create(application=application, name=name, baseline=baseline, target=target, data_source=data_source, cadence=cadence)
        audit_record(actor=actor, action="programs_indicator.add", obj=application, after={"indicator": name}, scope_state=_scope(application))
    return indicator


def plan_amend(*, actor: Actor, application: Application, text: str, reason: str) -> PlanVersion:
    """A new version of an approved plan; every earlier version is kept. The amendment needs re-approval."""
    application_policy.require(actor, "apply", application)
    text = _text(text, "text")
    reason = _text(reason, "reason")
    with transaction.atomic():
        latest = application.plan_versions.order_by("-number").first()
        if latest is not None and latest.text == text:
            raise ApplicationError(_("The amendment changes nothing."), fields={"text": [_("Change the plan.")]})
        version = PlanVersion.objects.create(
            application=application, number=(latest.number + 1 if latest else 1), text=text, reason=reason, created_by=actor_user(actor)
        )
        move(application, "submit_amendment", actor=actor)
        audit_record(actor=actor, action="programs_plan.amend", obj=application, after={"version": version.number}, scope_state=_scope(application))
    return version


def final_report_submit(*, actor: Actor, application: Application, final_evaluation: str, sustainability_plan: str) -> Application:
    application_policy.require(actor, "apply", application)
    application.final_evaluation = _text(final_evaluation, "final_evaluation")
    application.sustainability_plan = _text(sustainability_plan, "sustainability_plan")
    with transaction.atomic():
        if application.status != Status.APPROVED:
            raise ApplicationError(
                _("The final evaluation is filed in the last year of an approved plan."), fields={"status": [application.get_status_display()]}
            )
        application.save(update_fields=["final_evaluation", "sustainability_plan", "updated_at"])
        move(application, "complete", actor=actor)
    return application
