"""The permission machinery: principals, actors, policies and the `access()` gate, written once.

A `Policy` maps an action ("view", "change", …) to a rule: a function of the `Principal` that
returns a `Q`. The same rule answers both questions the platform asks about existing objects:

* "which objects may this user <action>?"  -> `policy.filter(user, action)`
* "may this user <action> this object?"     -> `policy.can(user, action, obj)`

For objects that do not exist yet a policy has one creation rule: a function of the principal
that returns `Creatable` (anywhere, nowhere, or a set of states and organisations). It answers

* "may this user create one in state X / organization Y?" -> `policy.can_create(user, state=…, org=…)`
* "in which states may this user create?"                 -> `policy.creatable_states(user)`

so lists, detail pages, forms, exports, services and the API cannot disagree. Views and the API
fetch protected objects only through `access()` (404 when the object is not visible, 403 when
it is visible but the action is not allowed).

Who acts: a signed-in user, an anonymous visitor, or `SYSTEM` — the platform itself (the
operator's CLI, loaders, migrations, background tasks). `SYSTEM` is an explicit object: services
never treat a missing actor as "allowed to do anything"; `None` resolves to the anonymous
principal, which may do nothing but public reads.

This module imports nothing of ours: the accounts app registers how a user's roles become a
principal (`register_principal_resolver`) when it starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Principal:
    """What an actor may act as: their roles resolved once into the sets the rules use."""

    user_id: int | None = None
    is_system: bool = False
    is_operator: bool = False
    is_content_editor: bool = False
    # USPS codes of the states where the user holds a state-agency role.
    admin_states: frozenset[str] = field(default_factory=frozenset)
    reviewer_states: frozenset[str] = field(default_factory=frozenset)
    # Organization ids (database keys, never shown) by role.
    lead_orgs: frozenset[int] = field(default_factory=frozenset)
    member_orgs: frozenset[int] = field(default_factory=frozenset)
    member_states: frozenset[str] = field(default_factory=frozenset)
    # USPS codes of the states where the user is an assessor (micro-credential evidence review).
    assessor_states: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def state_staff_states(self) -> frozenset[str]:
        return self.admin_states | self.reviewer_states


class PlatformActor:
    """An actor that is not a user: the platform itself, or someone anonymous acting through a link."""

    is_authenticated: Final = False
    pk: Final = None
    email: Final = ""

    def __init__(self, label: str, *, is_active: bool) -> None:
        self.label = label  # how the audit trail names it
        self.is_active = is_active

    def __repr__(self) -> str:
        return f"PlatformActor({self.label!r})"

    def __str__(self) -> str:
        return self.label


SYSTEM: Final = PlatformActor("system", is_active=True)
"""The one system actor (CLI, loaders, migrations, tasks): pass `actor=SYSTEM` where no person acts."""

ANONYMOUS_ACTOR: Final = PlatformActor("anonymous", is_active=False)
"""Someone not signed in acting through a link (a self-assessment respondent)."""

ANONYMOUS = Principal()
SYSTEM_PRINCIPAL = Principal(is_system=True, is_operator=True, is_content_editor=True)

# Who acts: a user (signed in or anonymous, as `request.user` gives) or a PlatformActor (SYSTEM,
# ANONYMOUS_ACTOR). `None` is not an actor.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | PlatformActor"

_CACHE_ATTR = "_statewide_principal"
_resolver: Callable[[Any], Principal] | None = None


def register_principal_resolver(resolver: Callable[[Any], Principal]) -> None:
    """Called once by the accounts app: how a signed-in user's roles become a `Principal`."""
    global _resolver
    _resolver = resolver


def principal_of(actor: Actor | None) -> Principal:
    """The principal for an actor (cached on the user object: one query per request)."""
    if actor is SYSTEM:
        return SYSTEM_PRINCIPAL
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return ANONYMOUS
    cached = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if _resolver is None:  # pragma: no cover - the accounts app registers it at start-up
        raise RuntimeError("No principal resolver registered (is statewide.accounts installed?)")
    principal = _resolver(actor)
    setattr(actor, _CACHE_ATTR, principal)
    return principal


def forget_principal(user: Any) -> None:
    """Drop the cached principal after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def actor_user(actor: Actor) -> Any:
    """The user to store in a `created_by`-style foreign key: the signed-in user, else None."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_label(actor: Actor) -> str:
    """How the audit trail names an actor: the user's e-mail, "system", or "anonymous"."""
    if actor is None:
        raise TypeError("An actor is required: pass the user, SYSTEM or ANONYMOUS_ACTOR (None is no longer the system).")
    if isinstance(actor, PlatformActor):
        return actor.label
    return str(getattr(actor, "email", "")) if getattr(actor, "is_authenticated", False) else "anonymous"


# ---- Rules over existing objects ----------------------------------------------------------------
Rule = Callable[[Principal], Q]

EVERYONE = Q()
NOBODY = Q(pk__in=[])


# ---- The creation rule ------------------------------------------------------------------------
@dataclass(frozen=True)
class Creatable:
    """Where a principal may create: anywhere, or in these states (USPS) and organizations (ids)."""

    anywhere: bool = False
    states: frozenset[str] = field(default_factory=frozenset)
    orgs: frozenset[int] = field(default_factory=frozenset)

    @property
    def somewhere(self) -> bool:
        return self.anywhere or bool(self.states or self.orgs)


ANYWHERE = Creatable(anywhere=True)
NOWHERE = Creatable()
CreateRule = Callable[[Principal], Creatable]


def in_states(states: Iterable[str]) -> Creatable:
    return Creatable(states=frozenset(states))


def _org_key(org: Any) -> tuple[int | None, str]:
    """An organization's id and its state's USPS code (an organization may have no state)."""
    if org is None:
        return None, ""
    jurisdiction = getattr(org, "jurisdiction", None)
    return org.pk, (jurisdiction.usps if jurisdiction is not None else "")


class Policy(Generic[M]):
    def __init__(self, model: type[M], rules: Mapping[str, Rule], *, create: CreateRule | None = None) -> None:
        self.model = model
        self.rules = dict(rules)
        self.create_rule = create

    def rule(self, action: str, principal: Principal) -> Q:
        try:
            rule = self.rules[action]
        except KeyError:
            raise ValueError(f"{self.model.__name__} has no permission rule for {action!r}") from None
        return EVERYONE if principal.is_system else rule(principal)

    def filter(self, user: Actor | None, action: str = "view", queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        qs = queryset if queryset is not None else self.model._default_manager.all()
        q = self.rule(action, principal_of(user))
        if q == NOBODY:
            return qs.none()
        return qs if q == EVERYONE else qs.filter(q)

    def can(self, user: Actor | None, action: str, obj: M) -> bool:
        q = self.rule(action, principal_of(user))
        if q == EVERYONE:
            return True
        if q == NOBODY or obj.pk is None:
            return False
        return self.model._default_manager.filter(pk=obj.pk).filter(q).exists()

    def sees_everything(self, user: Actor | None, action: str = "view") -> bool:
        """Does this actor's rule for <action> cover every object? (Then what they see is what anyone
        with the same rule sees: a rendered list may be shared between them.)"""
        return self.rule(action, principal_of(user)) == EVERYONE

    def can_any(self, user: Actor | None, action: str = "view") -> bool:
        """May this actor <action> at least some objects? (Without a query: for navigation links.)"""
        return self.rule(action, principal_of(user)) != NOBODY

    def require(self, user: Actor | None, action: str, obj: M) -> None:
        if not self.can(user, action, obj):
            raise PermissionDenied

    # -- creation --------------------------------------------------------------------------------
    def creatable(self, user: Actor | None) -> Creatable:
        if self.create_rule is None:
            raise ValueError(f"{self.model.__name__} has no creation rule")
        principal = principal_of(user)
        return ANYWHERE if principal.is_system else self.create_rule(principal)

    def can_create(self, user: Actor | None, *, state: str | None = None, org: Any = None) -> bool:
        """May this actor create one of these in `state` (USPS) / `org`? With neither: anywhere at all?"""
        where = self.creatable(user)
        if where.anywhere:
            return True
        if org is not None:
            org_id, org_state = _org_key(org)
            return org_id in where.orgs or (bool(org_state) and org_state in where.states)
        if state is not None:
            return state in where.states
        return where.somewhere

    def can_create_anywhere(self, user: Actor | None) -> bool:
        """May this actor create platform-wide (outside any one state or organization)?"""
        return self.creatable(user).anywhere

    def require_create(self, user: Actor | None, *, state: str | None = None, org: Any = None) -> None:
        if not self.can_create(user, state=state, org=org):
            raise PermissionDenied

    def creatable_states(self, user: Actor | None, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Narrow a queryset of jurisdictions to those where the actor may create."""
        where = self.creatable(user)
        if where.anywhere:
            return queryset
        return queryset.filter(usps__in=where.states) if where.states else queryset.none()


def access(policy: Policy[M], user: Actor | None, *, action: str = "view", queryset: QuerySet[M] | None = None, **lookup: Any) -> M:
    """The gate: fetch one object the user may see, and check the action on it."""
    try:
        obj = policy.filter(user, "view", queryset).get(**lookup)
    except (policy.model.DoesNotExist, ValueError, models.ObjectDoesNotExist) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc
    if action != "view":
        policy.require(user, action, obj)
    return obj


# ---- Rule helpers shared by the apps' permission modules ----------------------------------------
def operator_or(p: Principal, q: Q) -> Q:
    """Operators see everything; other signed-in principals what `q` allows; anonymous nothing."""
    if p.is_operator:
        return EVERYONE
    return q if p.is_authenticated else NOBODY


def org_private(p: Principal, *, org_field: str, state_field: str) -> Q:
    """Private records of an organization: its own members, its state's admins, operators."""
    if p.is_operator:
        return EVERYONE
    if not p.is_authenticated:
        return NOBODY
    return Q(**{f"{org_field}__in": p.member_orgs}) | Q(**{f"{state_field}__in": p.admin_states})


def editors(p: Principal) -> Q:
    """Content editors and operators."""
    return EVERYONE if (p.is_content_editor or p.is_operator) else NOBODY


def editors_anywhere(p: Principal) -> Creatable:
    return ANYWHERE if (p.is_content_editor or p.is_operator) else NOWHERE
