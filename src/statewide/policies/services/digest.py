"""The e-mail digest: changes to followed states and policy types since the user's last digest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.audit import audit_record
from statewide.core.permissions import Actor
from statewide.policies.models import DigestState, Follow, PolicyRecordVersion
from statewide.policies.permissions import digest_policy

MAX_ITEMS = 200


def _follow_q(follows: list[Follow]) -> Q:
    q = Q(pk__in=[])
    for f in follows:
        part = Q()
        if f.jurisdiction_id:
            part &= Q(jurisdiction_id=f.jurisdiction_id)
        if f.policy_type_id:
            part &= Q(policy_type_code=f.policy_type.code)  # type: ignore[union-attr]
        q |= part
    return q


def digest_changes(user: Any, since: dt.datetime) -> list[PolicyRecordVersion]:
    """The versions a user's follows match, saved after `since` (oldest first)."""
    follows = list(Follow.objects.filter(user=user).select_related("policy_type"))
    if not follows:
        return []
    qs = PolicyRecordVersion.objects.filter(created_at__gt=since).filter(_follow_q(follows)).select_related("jurisdiction")
    return list(qs.order_by("created_at", "id")[:MAX_ITEMS])


def _body(user: Any, versions: list[PolicyRecordVersion]) -> str:
    by_state: dict[str, list[PolicyRecordVersion]] = defaultdict(list)
    for v in versions:
        by_state[v.jurisdiction.name].append(v)
    lines = [_("Changes to the policies you follow on Statewide:"), ""]
    for state in sorted(by_state):
        lines.append(state)
        for v in by_state[state]:
            fields = ", ".join(v.changed_fields) if v.changed_fields else ""
            lines.append(f"  - {v.created_at:%Y-%m-%d} {v.get_action_display()}: {v.snapshot.get('title', '')}" + (f" ({fields})" if fields else ""))
        lines.append("")
    lines.append(_("Manage what you follow on your tracker page: %(url)s") % {"url": getattr(settings, "SITE_URL", "") + "/tracker/follows/"})
    return "\n".join(lines)


def policy_digest_send(*, actor: Actor, now: dt.datetime | None = None, users: list[Any] | None = None) -> int:
    """Send each following user one e-mail with the changes since their last digest. Returns e-mails sent.

    The system (`SYSTEM`, the `send_policy_digests` command) or an operator may run it. Users
    with no matching change get no e-mail, and their last-sent time does not move."""
    digest_policy.require_create(actor)
    now = now or timezone.now()
    user_model = get_user_model()
    targets = users if users is not None else list(user_model.objects.filter(policy_follows__isnull=False, is_active=True).distinct())
    sent = 0
    for user in targets:
        with transaction.atomic():
            state = DigestState.objects.select_for_update().filter(user=user).first()
            if state is None:
                first_follow = Follow.objects.filter(user=user).order_by("created_at").first()
                since = first_follow.created_at if first_follow else now
            else:
                since = state.last_sent_at
            versions = [v for v in digest_changes(user, since) if v.created_at <= now]
            if not versions:
                continue
            send_mail(
                subject=ngettext("Statewide policy tracker: %(n)d change", "Statewide policy tracker: %(n)d changes", len(versions)) % {"n": len(versions)},
                message=_body(user, versions),
                from_email=None,
                recipient_list=[user.email],
            )
            DigestState.objects.update_or_create(user=user, defaults={"last_sent_at": now})
            audit_record(
                actor=actor, action="policy_digest.send", obj=user, object_repr=user.email, after={"changes": len(versions), "since": since.isoformat()}
            )
            sent += 1
    return sent
