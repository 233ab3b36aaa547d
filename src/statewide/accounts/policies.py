"""Permission policies: each rule written once, as a filter over the model.

A policy maps an action ("view", "change", …) to a rule: a function of the principal that
returns a `Q`. The same rule answers both questions the platform asks:

* "which objects may this user <action>?"  -> `policy.filter(user, action)`
* "may this user <action> this object?"     -> `policy.can(user, action, obj)`

so lists, detail pages, exports and the API cannot disagree. Views and the API fetch protected
objects only through `access()` (404 when the object is not visible, 403 when it is visible but
the action is not allowed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from statewide.accounts.principal import Principal, principal_of

M = TypeVar("M", bound=models.Model)
Rule = Callable[[Principal], Q]

EVERYONE = Q()
NOBODY = Q(pk__in=[])


class Policy(Generic[M]):
    def __init__(self, model: type[M], rules: Mapping[str, Rule]) -> None:
        self.model = model
        self.rules = dict(rules)

    def rule(self, action: str, principal: Principal) -> Q:
        try:
            return self.rules[action](principal)
        except KeyError:
            raise ValueError(f"{self.model.__name__} has no permission rule for {action!r}") from None

    def filter(self, user: Any, action: str = "view", queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        qs = queryset if queryset is not None else self.model._default_manager.all()
        q = self.rule(action, principal_of(user))
        if q == NOBODY:
            return qs.none()
        return qs if q == EVERYONE else qs.filter(q)

    def can(self, user: Any, action: str, obj: M) -> bool:
        q = self.rule(action, principal_of(user))
        if q == EVERYONE:
            return True
        if q == NOBODY or obj.pk is None:
            return False
        return self.model._default_manager.filter(pk=obj.pk).filter(q).exists()

    def require(self, user: Any, action: str, obj: M) -> None:
        if not self.can(user, action, obj):
            raise PermissionDenied


def access(policy: Policy[M], user: Any, *, action: str = "view", queryset: QuerySet[M] | None = None, **lookup: Any) -> M:
    """The gate: fetch one object the user may see, and check the action on it."""
    try:
        obj = policy.filter(user, "view", queryset).get(**lookup)
    except (policy.model.DoesNotExist, ValueError, models.ObjectDoesNotExist) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
    if action != "view":
        policy.require(user, action, obj)
    return obj


def _org_private(p: Principal, *, org_field: str, state_field: str) -> Q:
    """Private records of an organisation: its own members, its state's admins, operators."""
    if p.is_operator:
        return EVERYONE
    if not p.is_authenticated:
        return NOBODY
    return Q(**{f"{org_field}__in": p.member_orgs}) | Q(**{f"{state_field}__in": p.admin_states})


# ---- Policies for the foundation's own objects --------------------------------------------------
from statewide.accounts.models import ApiToken, Membership  # noqa: E402
from statewide.core.models import AuditEvent  # noqa: E402
from statewide.places.models import Jurisdiction, Organisation  # noqa: E402


def _operator_or(p: Principal, q: Q) -> Q:
    if p.is_operator:
        return EVERYONE
    return q if p.is_authenticated else NOBODY


jurisdiction_policy: Policy[Jurisdiction] = Policy(Jurisdiction, {"view": lambda p: EVERYONE})

organisation_policy: Policy[Organisation] = Policy(
    Organisation,
    {
        # The directory of agencies, districts and partners is public information.
        "view": lambda p: EVERYONE,
        # Member lists are private to the organisation, its state's admins and operators.
        "view_members": lambda p: _org_private(p, org_field="pk", state_field="jurisdiction__usps"),
        # Granting and revoking roles: the state's admins (and operators).
        "manage_members": lambda p: _operator_or(p, Q(jurisdiction__usps__in=p.admin_states)),
        "change": lambda p: _operator_or(p, Q(jurisdiction__usps__in=p.admin_states)),
    },
)

membership_policy: Policy[Membership] = Policy(
    Membership,
    {
        "view": lambda p: _operator_or(
            p,
            Q(user_id=p.user_id) | Q(organisation_id__in=p.member_orgs) | Q(organisation__jurisdiction__usps__in=p.admin_states),
        ),
        "revoke": lambda p: _operator_or(p, Q(organisation__jurisdiction__usps__in=p.admin_states) & ~Q(role="content_editor")),
    },
)

api_token_policy: Policy[ApiToken] = Policy(
    ApiToken,
    {
        "view": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
        "revoke": lambda p: Q(user_id=p.user_id) if p.is_authenticated else NOBODY,
    },
)

audit_event_policy: Policy[AuditEvent] = Policy(
    AuditEvent,
    {"view": lambda p: _operator_or(p, Q(scope_state__in=p.admin_states) if p.admin_states else NOBODY)},
)
