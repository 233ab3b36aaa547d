"""Configuring a program after it is created: its settings, catalog of rules, rubric and assurances.

Every edit checks the program's "manage" permission and is audited. An edit that would change the
ground under applications already in progress is refused with the reason (a rule with requests
cannot silently become non-waivable; a scored criterion keeps its levels and weight; an affirmed
assurance keeps its text; a kind of applicant with open applications stays allowed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record, snapshot
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.text import http_url_problem
from statewide.programs.models import ApplicantKind, Application, Assurance, Criterion, FlexibilityRequest, Program, Rule, Score
from statewide.programs.permissions import program_policy
from statewide.programs.services.applications import _text
from statewide.programs.workflow import DECISIONS, Status

CLOSED = (Status.COMPLETED, Status.DECLINED, Status.RESCINDED)
SETTINGS_FIELDS = (
    "name",
    "summary",
    "authority_citation",
    "authority_url",
    "checked_on",
    "applicant_kinds",
    "term_years",
    "opens_on",
    "closes_on",
    "plan_due_days",
    "report_due_month",
    "report_due_day",
    "renewal_window_days",
    "spread_threshold",
    "approval_groups",
    "is_public",
)
INT_BOUNDS = {
    "term_years": (1, 20),
    "plan_due_days": (1, 1000),
    "report_due_month": (1, 12),
    "report_due_day": (1, 31),
    "renewal_window_days": (0, 1000),
    "spread_threshold": (0, 100),
}
NULLABLE = ("checked_on", "opens_on", "closes_on")
RULE_FIELDS = ("code", "citation", "summary", "waivable", "reason", "source_url", "checked_on")
CRITERION_FIELDS = ("name", "guidance", "weight", "levels", "position")


def _url(value: str, field: str) -> str:
    value = _text(value, field, multiline=False, max_length=500)
    if problem := http_url_problem(value):
        raise ApplicationError(problem, fields={field: [problem]})
    return value


def _in_progress(program: Program) -> Any:
    return Application.objects.filter(program=program).exclude(status__in=CLOSED)


def _approval_groups(program: Program, groups: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every key a decision of the machine, every e-mail an account; the e-mails are kept lower-cased and unique."""
    out: dict[str, list[str]] = {}
    for kind, emails in groups.items():
        if kind not in DECISIONS:
            msg = _("%(kind)s is not a decision; pick one of: %(all)s.") % {"kind": kind, "all": ", ".join(DECISIONS)}
            raise ApplicationError(msg, fields={"approval_groups": [msg]})
        clean = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
        accounts = get_user_model().objects.annotate(lower=Lower("email")).filter(lower__in=clean)
        known = dict(accounts.values_list("lower", "email"))
        if missing := [e for e in clean if e not in known]:
            msg = _("No account has the e-mail %(emails)s.") % {"emails": ", ".join(missing)}
            raise ApplicationError(msg, fields={"approval_groups": [msg]})
        if clean:
            out[kind] = [known[e] for e in clean]  # as the accounts spell them: decisions look approvers up by e-mail
    return out


def program_update(*, actor: Actor, program: Program, expected_version: int | None = None, **changes: Any) -> Program:
    """Change a program's settings (any of SETTINGS_FIELDS). `expected_version`: optimistic locking (core.concurrency)."""
    program_policy.require(actor, "manage", program)
    if unknown := set(changes) - set(SETTINGS_FIELDS):
        raise ApplicationError(_("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if required := sorted(k for k, v in changes.items() if v is None and k not in NULLABLE):
        raise ApplicationError(_("These settings cannot be empty."), fields={k: [_("Required.")] for k in required})
    before = snapshot(program, SETTINGS_FIELDS)
    if "name" in changes:
        changes["name"] = _text(changes["name"], "name", multiline=False, max_length=200)
    if "summary" in changes:
        changes["summary"] = _text(changes["summary"], "summary", required=False, max_length=5000)
    if "authority_citation" in changes:
        changes["authority_citation"] = _text(changes["authority_citation"], "authority_citation", multiline=False, max_length=300)
    if "authority_url" in changes:
        changes["authority_url"] = _url(changes["authority_url"], "authority_url")
    if "approval_groups" in changes:
        changes["approval_groups"] = _approval_groups(program, changes["approval_groups"] or {})
    if "applicant_kinds" in changes:
        kinds = list(dict.fromkeys(changes["applicant_kinds"]))
        if not kinds or not set(kinds) <= set(ApplicantKind.values):
            raise ApplicationError(_("Pick who may apply."), fields={"applicant_kinds": [_("Pick at least one.")]})
        used = set(_in_progress(program).exclude(applicant_kind__in=kinds).values_list("applicant_kind", flat=True))
        if used:
            names = ", ".join(str(ApplicantKind(k).label) for k in sorted(used))
            msg = _("Applications in progress apply as %(kinds)s; that kind must stay allowed until they close.") % {"kinds": names}
            raise ApplicationError(msg, fields={"applicant_kinds": [msg]})
        changes["applicant_kinds"] = kinds
    for field, (low, high) in INT_BOUNDS.items():
        if field in changes and not low <= int(changes[field]) <= high:
            msg = _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            raise ApplicationError(msg, fields={field: [msg]})
    merged = {**before, **{k: v for k, v in changes.items() if k in ("opens_on", "closes_on", "report_due_month", "report_due_day")}}
    opens, closes = merged.get("opens_on"), merged.get("closes_on")
    if isinstance(opens, str):
        opens = dt.date.fromisoformat(opens)
    if isinstance(closes, str):
        closes = dt.date.fromisoformat(closes)
    if opens and closes and closes < opens:
        raise ApplicationError(_("Applications must close after they open."), fields={"closes_on": [_("Pick a later date.")]})
    try:
        dt.date(2024, int(merged["report_due_month"]), int(merged["report_due_day"]))  # a leap year: Feb 29 is allowed
    except ValueError:
        raise ApplicationError(_("Not a day of the year."), fields={"report_due_day": [_("Not a day of that month.")]}) from None
    with transaction.atomic():
        edit_guard(program, expected=expected_version, submitted=changes)
        for name, value in changes.items():
            setattr(program, name, value)
        program.save()
        audit_record(
            actor=actor,
            action="programs_program.update",
            obj=program,
            before=before,
            after=snapshot(program, SETTINGS_FIELDS),
            scope_state=program.jurisdiction.usps,
        )
    return program


def _rule_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {
        "citation": _text(values.get("citation", ""), "citation", multiline=False, max_length=200),
        "summary": _text(values.get("summary", ""), "summary", max_length=5000),
        "waivable": bool(values.get("waivable")),
        "reason": _text(values.get("reason", ""), "reason", required=False, max_length=5000),
        "source_url": _url(values.get("source_url", ""), "source_url"),
        "checked_on": values.get("checked_on"),
    }
    if not out["waivable"] and not out["reason"]:
        msg = _("Say why this rule may not be waived.")
        raise ApplicationError(msg, fields={"reason": [msg]})
    return out


def rule_add(*, actor: Actor, program: Program, code: str, **values: Any) -> Rule:
    """Add a rule to the program's catalog (citation, plain summary, waivable or not and why, source, checked-on date)."""
    program_policy.require(actor, "manage", program)
    code = _text(code, "code", multiline=False, max_length=60)
    if program.rules.filter(code=code).exists():
        raise ApplicationError(_("The catalog already has this code."), fields={"code": [_("Already used in this program.")]})
    clean = _rule_values(values)
    with transaction.atomic():
        rule = Rule.objects.create(program=program, code=code, position=program.rules.count(), **clean)
        audit_record(actor=actor, action="programs_rule.add", obj=rule, after=snapshot(rule, RULE_FIELDS), scope_state=program.jurisdiction.usps)
    return rule


def rule_update(*, actor: Actor, rule: Rule, expected_version: int | None = None, **values: Any) -> Rule:
    """Edit a rule. It cannot become non-waivable while applications in progress request it (or have it approved)."""
    program = rule.program
    program_policy.require(actor, "manage", program)
    clean = _rule_values(values)
    if rule.waivable and not clean["waivable"]:
        requests = FlexibilityRequest.objects.filter(rule=rule).exclude(application__status__in=CLOSED)
        approved, asked = requests.filter(approved=True).count(), requests.filter(approved=False).count()
        if approved or asked:
            msg = _(
                "%(approved)s approved and %(asked)s pending flexibility requests of applications in progress rely on this rule; "
                "it stays waivable until they close (or add a new rule for new applications)."
            ) % {"approved": approved, "asked": asked}
            raise ApplicationError(msg, fields={"waivable": [msg]})
    before = snapshot(rule, RULE_FIELDS)
    with transaction.atomic():
        edit_guard(rule, expected=expected_version, submitted=clean)
        for name, value in clean.items():
            setattr(rule, name, value)
        rule.save()
        audit_record(
            actor=actor, action="programs_rule.update", obj=rule, before=before, after=snapshot(rule, RULE_FIELDS), scope_state=program.jurisdiction.usps
        )
    return rule


def parse_levels(text: str) -> list[dict[str, Any]]:
    """Rubric levels from lines "score: label" (e.g. "3: Strong"), scores distinct whole numbers 0-10."""
    levels: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        score, sep, label = line.partition(":")
        if not sep or not score.strip().isdigit() or not label.strip() or int(score) > 10:
            msg = _('Line %(n)s: write "score: label", the score a whole number from 0 to 10.') % {"n": number}
            raise ApplicationError(msg, fields={"levels": [msg]})
        levels.append({"score": int(score), "label": label.strip()})
    scores = [level["score"] for level in levels]
    if len(levels) < 2 or len(set(scores)) != len(scores):
        msg = _("Give at least two levels, each with its own score.")
        raise ApplicationError(msg, fields={"levels": [msg]})
    return sorted(levels, key=lambda level: level["score"])


def _criterion_values(values: dict[str, Any]) -> dict[str, Any]:
    weight = int(values.get("weight") or 0)
    if not 1 <= weight <= 10:
        raise ApplicationError(_("Weight from 1 to 10."), fields={"weight": [_("A whole number from 1 to 10.")]})
    levels = values.get("levels")
    return {
        "name": _text(values.get("name", ""), "name", multiline=False, max_length=200),
        "guidance": _text(values.get("guidance", ""), "guidance", required=False, max_length=5000),
        "weight": weight,
        "levels": parse_levels(levels) if isinstance(levels, str) else parse_levels("\n".join(f"{x['score']}: {x['label']}" for x in levels or [])),
    }


def criterion_add(*, actor: Actor, program: Program, **values: Any) -> Criterion:
    program_policy.require(actor, "manage", program)
    clean = _criterion_values(values)
    if Score.objects.filter(assignment__application__in=_in_progress(program)).exists():
        msg = _("Reviewers have already scored applications in progress against this rubric; add criteria when those reviews are done.")
        raise ApplicationError(msg, fields={"name": [msg]})
    with transaction.atomic():
        criterion = Criterion.objects.create(program=program, position=program.criteria.count(), **clean)
        audit_record(
            actor=actor, action="programs_criterion.add", obj=criterion, after=snapshot(criterion, CRITERION_FIELDS), scope_state=program.jurisdiction.usps
        )
    return criterion


def criterion_update(*, actor: Actor, criterion: Criterion, expected_version: int | None = None, **values: Any) -> Criterion:
    """Edit a rubric criterion. Once scored, its levels and weight stay (totals already given would change); name and guidance may."""
    program = criterion.program
    program_policy.require(actor, "manage", program)
    clean = _criterion_values(values)
    scored = Score.objects.filter(criterion=criterion).exists()
    if scored and (clean["weight"] != criterion.weight or clean["levels"] != sorted(criterion.levels, key=lambda level: int(level["score"]))):
        msg = _(
            "Reviewers have scored this criterion; its levels and weight cannot change (the totals already given would). Edit the name or guidance, or add a criterion."
        )
        raise ApplicationError(msg, fields={"levels": [msg]})
    before = snapshot(criterion, CRITERION_FIELDS)
    with transaction.atomic():
        edit_guard(criterion, expected=expected_version, submitted=clean)
        for name, value in clean.items():
            setattr(criterion, name, value)
        criterion.save()
        audit_record(
            actor=actor,
            action="programs_criterion.update",
            obj=criterion,
            before=before,
            after=snapshot(criterion, CRITERION_FIELDS),
            scope_state=program.jurisdiction.usps,
        )
    return criterion


def assurance_add(*, actor: Actor, program: Program, text: str, source: str = "") -> Assurance:
    """Add an assurance. Applications already submitted keep the set they affirmed; drafts must affirm the new one too."""
    program_policy.require(actor, "manage", program)
    text = _text(text, "text", max_length=2000)
    source = _text(source, "source", required=False, multiline=False, max_length=500)
    with transaction.atomic():
        assurance = Assurance.objects.create(program=program, position=program.assurances.count(), text=text, source=source)
        audit_record(actor=actor, action="programs_assurance.add", obj=assurance, after={"text": text, "source": source}, scope_state=program.jurisdiction.usps)
    return assurance


def assurance_update(*, actor: Actor, assurance: Assurance, text: str, source: str = "", expected_version: int | None = None) -> Assurance:
    """Edit an assurance; once an application has affirmed it, its text stays (add a new one instead)."""
    program = assurance.program
    program_policy.require(actor, "manage", program)
    text = _text(text, "text", max_length=2000)
    source = _text(source, "source", required=False, multiline=False, max_length=500)
    if text != assurance.text and Application.affirmed.through.objects.filter(assurance=assurance).exists():
        msg = _("Applicants have affirmed this assurance as written; its text cannot change. Add a new assurance instead.")
        raise ApplicationError(msg, fields={"text": [msg]})
    before = {"text": assurance.text, "source": assurance.source}
    with transaction.atomic():
        edit_guard(assurance, expected=expected_version, submitted={"text": text, "source": source})
        assurance.text, assurance.source = text, source
        assurance.save()
        audit_record(
            actor=actor,
            action="programs_assurance.update",
            obj=assurance,
            before=before,
            after={"text": text, "source": source},
            scope_state=program.jurisdiction.usps,
        )
    return assurance
