"""Creating a program from a template: the configuration becomes rows the state then edits."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record, snapshot
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.core.text import text_problem
from statewide.places.models import Jurisdiction
from statewide.programs.models import Assurance, Criterion, Program, Rule
from statewide.programs.permissions import program_policy
from statewide.programs.templates import program_templates

PROGRAM_FIELDS = ("name", "template", "authority_citation", "decider", "term_years", "opens_on", "closes_on", "is_public")


def program_create(
    *,
    actor: Actor,
    jurisdiction: Jurisdiction,
    template: str,
    name: str = "",
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    approval_groups: dict[str, list[str]] | None = None,
    is_public: bool = True,
    is_demo: bool = False,
) -> Program:
    program_policy.require_create(actor, state=jurisdiction.usps)
    config = program_templates().get(template)
    if config is None:
        raise ApplicationError(_("Unknown template."), fields={"template": [_("Pick one of the templates.")]})
    if name and (problem := text_problem(name)):
        raise ApplicationError(problem, fields={"name": [problem]})
    if opens_on and closes_on and closes_on < opens_on:
        raise ApplicationError(_("Applications must close after they open."), fields={"closes_on": [_("Pick a later date.")]})
    authority = config["authority"]
    with transaction.atomic():
        program = Program.objects.create(
            jurisdiction=jurisdiction,
            name=(name or config["name"])[:200],
            template=config["key"],
            summary=config.get("summary", "").strip(),
            authority_citation=authority["citation"],
            authority_url=authority["url"],
            checked_on=authority["checked_on"],
            applicant_kinds=list(config.get("applicant_kinds", ["district"])),
            decider=config.get("decider", "state"),
            term_years=config["term_years"],
            plan_due_days=config.get("plan_due_days", 365),
            renewal_window_days=config.get("renewal_window_days", 180),
            stages=config["stages"],
            approval_groups=approval_groups or {},
            opens_on=opens_on,
            closes_on=closes_on,
            is_public=is_public,
            is_demo=is_demo,
            created_by=actor_user(actor),
        )
        Assurance.objects.bulk_create(
            Assurance(program=program, position=i, text=a["text"], source=a.get("source", "")) for i, a in enumerate(config["assurances"])
        )
        Criterion.objects.bulk_create(
            Criterion(program=program, position=i, name=c["name"], guidance=c.get("guidance", ""), weight=c.get("weight", 1), levels=c["levels"])
            for i, c in enumerate(config["rubric"])
        )
        Rule.objects.bulk_create(
            Rule(
                program=program,
                position=i,
                code=r["code"],
                citation=r["citation"],
                summary=r["summary"],
                waivable=bool(r["waivable"]),
                reason=r.get("reason", ""),
                source_url=r["source_url"],
                checked_on=r.get("checked_on"),
            )
            for i, r in enumerate(config["rules"])
        )
        audit_record(actor=actor, action="programs_program.create", obj=program, after=snapshot(program, PROGRAM_FIELDS), scope_state=jurisdiction.usps)
    return program
