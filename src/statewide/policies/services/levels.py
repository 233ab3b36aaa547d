"""An editor's override of a state's derived maturity level (with a reason, audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user
from statewide.frameworks.models import Level
from statewide.places.models import Jurisdiction
from statewide.policies.models import LevelOverride
from statewide.policies.permissions import level_override_policy

LEVEL_FRAMEWORK = "aurora-cbe-policy-map"


def policy_level_override(*, actor: Actor, usps: str, level_code: str | None, reason: str) -> LevelOverride | None:
    """Set (or, with level_code None, clear) the override for a state. Content editors and operators only."""
    level_override_policy.require_create(actor, state=usps.upper())
    jurisdiction = Jurisdiction.objects.filter(usps=usps.upper()).first()
    if jurisdiction is None:
        raise ApplicationError(_("Unknown state."), fields={"jurisdiction": [_("Unknown state or territory code.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give a reason."), fields={"reason": [_("Say why the level is overridden (or why the override is removed).")]})
    if level_code is not None and not Level.objects.filter(framework__slug=LEVEL_FRAMEWORK, code=level_code).exists():
        raise ApplicationError(_("Unknown level."), fields={"level_code": [_("Choose a level of the state policy map.")]})
    with transaction.atomic():
        current = LevelOverride.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
        before = {"level_code": current.level_code, "reason": current.reason} if current else None
        if level_code is None:
            if current is not None:
                current.delete()
            audit_record(
                actor=actor,
                action="policy_level.clear",
                object_type="policies.leveloverride",
                object_id=jurisdiction.usps,
                object_repr=str(jurisdiction),
                before=before,
                after={"reason": reason},
                scope_state=jurisdiction.usps,
            )
            return None
        obj = current or LevelOverride(jurisdiction=jurisdiction)
        obj.level_code, obj.reason = level_code, reason
        obj.actor = actor_user(actor)
        obj.save()
        audit_record(
            actor=actor,
            action="policy_level.override",
            object_type="policies.leveloverride",
            object_id=jurisdiction.usps,
            object_repr=str(jurisdiction),
            before=before,
            after={"level_code": level_code, "reason": reason},
            scope_state=jurisdiction.usps,
        )
    return obj
