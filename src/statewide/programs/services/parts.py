"""Deleting and reordering a program's parts: rubric criteria, assurances, rules of the catalog, approval groups.

A part in use is neither deleted nor moved, and the refusal says why: a criterion reviewers have scored, an
assurance applicants have affirmed, a rule an application requested, an approval group a pending decision
waits on. (Criteria and assurances are numbered by their place, in the pages and the API, so a part in use
keeps its number; the order of the others may change around it.)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.programs.models import Assurance, Criterion, Decision, Program, Rule
from statewide.programs.permissions import program_policy
from statewide.programs.selectors import PART_KINDS as KINDS
from statewide.programs.selectors import part_items as _items
from statewide.programs.selectors import part_key, part_uses


def _audit(actor: Actor, program: Program, action: str, after: dict[str, Any]) -> None:
    audit_record(actor=actor, action=f"programs_program.{action}", obj=program, after=after, scope_state=program.jurisdiction.usps)


def program_part_delete(*, actor: Actor, program: Program, kind: str, key: str) -> None:
    """Delete one criterion or assurance (by number, from 1) or rule (by code), unless it is in use."""
    program_policy.require(actor, "manage", program)
    if kind not in KINDS:
        raise ApplicationError(_("Unknown part."), fields={"kind": [_("Pick criterion, assurance or rule.")]})
    with transaction.atomic():
        items = _items(program, kind)
        found = [(i, item) for i, item in enumerate(items) if part_key(kind, item, i) == str(key)]
        if not found:
            raise ApplicationError(_("No such part."), fields={"key": [_("Not in this program.")]})
        item = found[0][1]
        if why := part_uses(kind, [item]).get(item.pk):
            msg = _("It cannot be deleted: %(why)s.") % {"why": why}
            raise ApplicationError(msg, fields={"key": [msg]})
        label = str(item)
        item.delete()
        _renumber(kind, [x for x in items if x.pk != item.pk])
        _audit(actor, program, f"{kind}_delete", {"key": str(key), "label": label[:200]})


def _renumber(kind: str, ordered: list[Any]) -> None:
    manager: Any = {"criterion": Criterion.objects, "assurance": Assurance.objects, "rule": Rule.objects}[kind]
    for position, item in enumerate(ordered):
        item.position = position
    manager.bulk_update(ordered, ["position"])


def program_parts_reorder(*, actor: Actor, program: Program, kind: str, order: list[str]) -> list[Any]:
    """Put a program's criteria, assurances or rules in the order given (their current numbers or codes).
    A part in use keeps its place."""
    program_policy.require(actor, "manage", program)
    if kind not in KINDS:
        raise ApplicationError(_("Unknown part."), fields={"kind": [_("Pick criterion, assurance or rule.")]})
    with transaction.atomic():
        items = _items(program, kind)
        by_key = {part_key(kind, item, i): item for i, item in enumerate(items)}
        order = [str(k) for k in order]
        if sorted(order) != sorted(by_key):
            msg = _("Give every one exactly once: %(keys)s.") % {"keys": ", ".join(by_key)}
            raise ApplicationError(msg, fields={"order": [msg]})
        uses = part_uses(kind, items)
        moved = [item for i, item in enumerate(items) if item.pk in uses and order[i] != part_key(kind, item, i)]
        if moved:
            msg = _("%(part)s keeps its place: %(why)s.") % {"part": str(moved[0])[:80], "why": uses[moved[0].pk]}
            raise ApplicationError(msg, fields={"order": [msg]})
        ordered = [by_key[k] for k in order]
        _renumber(kind, ordered)
        _audit(actor, program, f"{kind}_reorder", {"order": order})
    return ordered


def _pending(program: Program, decision: str) -> bool:
    return Decision.objects.filter(application__program=program, kind=decision, decided_at__isnull=True).exists()


def approval_group_delete(*, actor: Actor, program: Program, decision: str) -> Program:
    """Remove the approval group of one decision, unless a decision of that kind waits for its approvals."""
    program_policy.require(actor, "manage", program)
    groups = dict(program.approval_groups or {})
    if decision not in groups:
        raise ApplicationError(_("No such approval group."), fields={"decision": [_("Not in this program.")]})
    if _pending(program, decision):
        msg = _("A %(kind)s decision is waiting for this group's approvals; it cannot be deleted until it is final.") % {"kind": decision}
        raise ApplicationError(msg, fields={"decision": [msg]})
    with transaction.atomic():
        removed = groups.pop(decision)
        program.approval_groups = groups
        program.save(update_fields=["approval_groups", "updated_at"])
        _audit(actor, program, "approval_group_delete", {"decision": decision, "approvers": removed})
    return program


def approval_group_reorder(*, actor: Actor, program: Program, decision: str, emails: list[str]) -> Program:
    """Put the approvers of one decision's group in the order given (the order pages and letters list them)."""
    program_policy.require(actor, "manage", program)
    groups = dict(program.approval_groups or {})
    current = groups.get(decision)
    if current is None:
        raise ApplicationError(_("No such approval group."), fields={"decision": [_("Not in this program.")]})
    by_lower = {e.lower(): e for e in current}
    wanted = [e.strip().lower() for e in emails]
    if sorted(wanted) != sorted(by_lower):
        msg = _("Give every approver of the group exactly once: %(emails)s.") % {"emails": ", ".join(current)}
        raise ApplicationError(msg, fields={"order": [msg]})
    if _pending(program, decision):
        msg = _("A %(kind)s decision is waiting for this group's approvals; its order stays until it is final.") % {"kind": decision}
        raise ApplicationError(msg, fields={"order": [msg]})
    with transaction.atomic():
        groups[decision] = [by_lower[e] for e in wanted]
        program.approval_groups = groups
        program.save(update_fields=["approval_groups", "updated_at"])
        _audit(actor, program, "approval_group_reorder", {"decision": decision, "approvers": groups[decision]})
    return program
