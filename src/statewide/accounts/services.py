"""Writes for people and roles. Each checks permission and writes an audit event."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from statewide.accounts.models import ROLE_ORGANISATION_KINDS, ApiToken, Membership, Role, User
from statewide.accounts.permissions import api_token_policy, membership_policy, user_policy
from statewide.core.audit import audit_record, snapshot
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor, actor_user, forget_principal
from statewide.core.text import text_problem
from statewide.places.models import Organisation

TOKEN_PREFIX = "sw_"  # noqa: S105  (a public prefix, not a secret)


def _membership_after(m: Membership) -> dict[str, Any]:
    return {"user": m.user.email, "role": m.role, "organisation": m.organisation.name if m.organisation else None}


@transaction.atomic
def user_create(*, actor: Actor, email: str, full_name: str = "", password: str | None = None, is_operator: bool = False) -> User:
    """Create an account: operators (or the operator's CLI, `SYSTEM`), and state admins inviting people.
    Only operators create operator accounts."""
    if not (user_policy.can_create_anywhere(actor) if is_operator else user_policy.can_create(actor)):
        raise PermissionDenied
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(_("An account with this e-mail already exists."), fields={"email": [_("Already in use.")]})
    if password:
        try:
            validate_password(password, User(email=email, full_name=full_name))
        except ValidationError as exc:
            raise ApplicationError(_("The password is too weak."), fields={"password": list(exc.messages)}) from exc
    user = User.objects.create_user(email, password or None, full_name=full_name, is_staff=is_operator, is_superuser=is_operator)
    if not password:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user, ["email", "full_name", "is_superuser"]))
    return user


def user_name_update(*, actor: Actor, user: User, full_name: str) -> User:
    """Change a person's name (themselves, or an operator); audited with before and after."""
    user_policy.require(actor, "change", user)
    full_name = (full_name or "").strip()
    problem = text_problem(full_name) if full_name else _("Required.")
    if problem or len(full_name) > 150:
        raise ApplicationError(_("Please correct the name."), fields={"name": [problem or _("At most 150 characters.")]})
    if full_name == user.full_name:
        return user
    with transaction.atomic():
        before = snapshot(user, ["full_name"])
        user.full_name = full_name
        user.save(update_fields=["full_name"])
        audit_record(actor=actor, action="user.update_name", obj=user, before=before, after=snapshot(user, ["full_name"]))
    return user


def _validate_role(role: str, organisation: Organisation | None) -> None:
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), fields={"role": [_("Choose a role from the list.")]})
    kinds = ROLE_ORGANISATION_KINDS[role]
    if kinds is None and organisation is not None:
        raise ApplicationError(_("This role is platform-wide."), fields={"organisation": [_("Leave empty for this role.")]})
    if kinds is not None and (organisation is None or organisation.kind not in kinds):
        raise ApplicationError(
            _("This role cannot be held in that kind of organization."),
            fields={"organisation": [_("Choose an organization of the right kind for this role.")]},
        )


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, role: str, organisation: Organisation | None) -> Membership:
    """Give a user a role. State admins grant roles in their own state's organisations; operators anywhere."""
    _validate_role(role, organisation)
    if organisation is None:  # a platform-wide role (content editor)
        if not membership_policy.can_create_anywhere(actor):
            raise PermissionDenied
    else:
        membership_policy.require_create(actor, org=organisation)
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit_record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            after=_membership_after(membership),
            scope_state=organisation.jurisdiction.usps if organisation and organisation.jurisdiction else "",
            scope_org=organisation.public_id if organisation else None,
        )
    forget_principal(user)
    return membership


@transaction.atomic
def membership_invite(*, actor: Actor, email: str, full_name: str, role: str, organisation: Organisation) -> Membership:
    """Give a role to the person with this e-mail address, creating their account first if there is none."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(actor=actor, email=email, full_name=full_name)
    return membership_grant(actor=actor, user=user, role=role, organisation=organisation)


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    membership_policy.require(actor, "revoke", membership)
    org = membership.organisation
    before = _membership_after(membership)
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        before=before,
        scope_state=org.jurisdiction.usps if org and org.jurisdiction else "",
        scope_org=org.public_id if org else None,
    )
    membership.delete()
    forget_principal(membership.user)


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new personal API token. The secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("Give the token a name."), fields={"name": [_("This field is required.")]})
    user = actor_user(actor)
    if user is None:  # a token belongs to a signed-in person
        raise PermissionDenied
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:80], key_hash=_hash_key(raw), prefix=raw[:10])
    audit_record(actor=actor, action="api_token.create", obj=token, after={"name": token.name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    api_token_policy.require(actor, "revoke", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token, before={"revoked_at": None}, after={"revoked_at": token.revoked_at})


def api_token_user(raw: str) -> User | None:
    """The active user a presented token belongs to, or None. Records when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash_key(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
