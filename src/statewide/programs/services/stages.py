"""A program's stages: which optional stages of the one state machine it uses, and who acts at each transition.

The machine stays `workflow.TRANSITIONS`; a program only leaves out optional stages (`workflow.OPTIONAL_STAGES`)
and names, where the table offers a choice, the role that takes a transition. An edit that would strand
applications in progress (in a status of a stage being left out, or a pending decision whose approval group
would no longer be reachable) is refused with the reason, on the field.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.programs.models import Application, Program
from statewide.programs.permissions import program_policy
from statewide.programs.services.applications import _text
from statewide.programs.workflow import BY_NAME, OPTIONAL_STAGES, ROLE_LABELS, TRANSITIONS, Status, available, stage_statuses, who_acts

STAGE_FIELDS = ("skipped_stages", "actors")


def reachable_decisions(skipped: list[str]) -> set[str]:
    """The decisions an application can still meet in a program that leaves out `skipped`."""
    return {t.name for status in Status.values for t in available(status, skipped) if t.decision}


def parse_labels(text: str, current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stage labels from lines "status: label"; each keeps the description of who takes part and the source it had."""
    by_status = {entry.get("status"): entry for entry in current}
    out: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        status, sep, label = (part.strip() for part in line.partition(":"))
        if not sep or status not in Status.values or not label:
            msg = _('Line %(n)s: write "status: label", the status one of %(all)s.') % {"n": number, "all": ", ".join(Status.values)}
            raise ApplicationError(msg, fields={"labels": [msg]})
        old = by_status.get(status, {})
        out.append(
            {"status": status, "label": _text(label, "labels", multiline=False, max_length=200), "who": old.get("who", ""), "source": old.get("source", "")}
        )
    return out


def labels_text(program: Program) -> str:
    return "\n".join(f"{e.get('status')}: {e.get('label')}" for e in program.stages or [])


def program_stages_update(
    *, actor: Actor, program: Program, skipped_stages: list[str], actors: dict[str, str], labels: str | None = None, expected_version: int | None = None
) -> Program:
    """Set the optional stages a program leaves out, who acts at each transition that offers a choice, and
    (given `labels`, lines "status: label") the names the program gives its stages."""
    program_policy.require(actor, "manage", program)
    stages = parse_labels(labels, program.stages or []) if labels is not None else program.stages
    skipped = sorted(set(skipped_stages))
    if unknown := [s for s in skipped if s not in OPTIONAL_STAGES]:
        msg = _("Unknown stages: %(names)s.") % {"names": ", ".join(unknown)}
        raise ApplicationError(msg, fields={"skipped_stages": [msg]})
    clean: dict[str, str] = {}
    for name, role in actors.items():
        t = BY_NAME.get(name)
        if t is None or role not in t.role_choices:
            choices = ", ".join(t.role_choices) if t else ""
            msg = _("%(name)s: pick one of %(choices)s.") % {"name": name, "choices": choices or _("the transitions of the machine")}
            raise ApplicationError(msg, fields={f"who_{name}" if t else "actors": [msg]})
        if len(t.role_choices) > 1:
            clean[name] = role
    newly = [s for s in skipped if s not in (program.skipped_stages or [])]
    stranded = Application.objects.filter(program=program, status__in=stage_statuses(newly))
    if count := stranded.count():
        msg = _(
            "%(n)s applications in progress are at a stage being left out (%(stages)s); they could not move on. Leave it in until they have moved past it."
        ) % {"n": count, "stages": ", ".join(newly)}
        raise ApplicationError(msg, fields={"skipped_stages": [msg]})
    reachable = reachable_decisions(skipped)
    if grouped := sorted(k for k in (program.approval_groups or {}) if k not in reachable):
        msg = _("An approval group is set for %(kinds)s, which this program could no longer reach; remove that group first.") % {"kinds": ", ".join(grouped)}
        raise ApplicationError(msg, fields={"skipped_stages": [msg]})
    before = {"skipped_stages": program.skipped_stages, "actors": program.actors, "stages": program.stages}
    with transaction.atomic():
        edit_guard(program, expected=expected_version, submitted={"skipped_stages": skipped, "actors": clean, "stages": stages})
        program.skipped_stages, program.actors, program.stages = skipped, clean, stages
        program.save(update_fields=["skipped_stages", "actors", "stages", "updated_at"])
        audit_record(
            actor=actor,
            action="programs_program.stages",
            obj=program,
            before=before,
            after={"skipped_stages": skipped, "actors": clean, "stages": stages},
            scope_state=program.jurisdiction.usps,
        )
    return program


def stage_rows(program: Program) -> list[dict[str, Any]]:
    """Every transition the program can take, with who acts and the choices (the stages page and the API)."""
    skipped = program.skipped_stages or []
    reachable = {t.name for status in Status.values for t in available(status, skipped)}
    return [
        {
            "transition": t.name,
            "who": who_acts(t, program.actors or {}, program.decider),
            "who_label": ROLE_LABELS[who_acts(t, program.actors or {}, program.decider)],
            "choices": [(r, ROLE_LABELS[r]) for r in t.role_choices],
            "decision": t.decision,
            "approval_group": (program.approval_groups or {}).get(t.name, []),
        }
        for t in TRANSITIONS
        if t.name in reachable
    ]
