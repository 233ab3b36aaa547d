"""Permission rules of the micro-credentials module, written once.

- Issuers, their keys and micro-credentials: a state admin manages those of organizations in their
  states (and operators anywhere); content editors also draft micro-credentials (publishing stays
  with the state's admins); everyone views issuers and published versions.
- Submissions: the educator sees and edits their own; assessors of the state (and its admins) see
  and review those of the state's micro-credentials.
- Credentials: public by URL (anyone holding the link may verify); the lists show a recipient their
  own, and a state's admins those of the state's issuers. Revocation is for the state's admins.
"""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import ANYWHERE, EVERYONE, NOBODY, NOWHERE, Creatable, Policy, Principal, in_states
from statewide.credentials.models import Credential, HeldCredential, Issuer, MicroCredentialVersion, StateSettings, Submission


def _state_admins(path: str):
    def rule(p: Principal) -> Q:
        if p.is_operator:
            return EVERYONE
        return Q(**{f"{path}__in": p.admin_states}) if p.admin_states else NOBODY

    return rule


def _admin_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_operator else in_states(p.admin_states)


ISSUER_STATE = "organisation__jurisdiction__usps"
VERSION_STATE = "micro_credential__issuer__organisation__jurisdiction__usps"
SUBMISSION_STATE = "version__" + VERSION_STATE
CREDENTIAL_STATE = "issuer__" + ISSUER_STATE

issuer_policy: Policy[Issuer] = Policy(
    Issuer,
    {"view": lambda p: EVERYONE, "change": _state_admins(ISSUER_STATE), "issue": _state_admins(ISSUER_STATE)},
    create=_admin_create,
)

state_settings_policy: Policy[StateSettings] = Policy(
    StateSettings, {"view": lambda p: EVERYONE, "change": _state_admins("jurisdiction__usps")}, create=_admin_create
)


def _version_view(p: Principal) -> Q:
    if p.is_operator or p.is_content_editor:
        return EVERYONE
    published = Q(status__in=["published", "retired"])
    return published | Q(**{f"{VERSION_STATE}__in": p.admin_states}) if p.admin_states else published


def _authors(p: Principal) -> Q:
    """Content editors draft micro-credentials anywhere; a state's admins those of their state."""
    return EVERYONE if p.is_content_editor else _state_admins(VERSION_STATE)(p)


def _author_create(p: Principal) -> Creatable:
    return ANYWHERE if p.is_content_editor else _admin_create(p)


# Publishing (and awarding in bulk) stays with the state's admins.
version_policy: Policy[MicroCredentialVersion] = Policy(
    MicroCredentialVersion,
    {"view": _version_view, "change": _authors, "publish": _state_admins(VERSION_STATE)},
    create=_author_create,
)


def _own_submission(p: Principal) -> Q:
    return Q(educator_id=p.user_id) if p.is_authenticated else NOBODY


def _reviewers(p: Principal) -> Q:
    if p.is_operator:
        return EVERYONE
    states = p.assessor_states | p.admin_states
    return Q(**{f"{SUBMISSION_STATE}__in": states}) if states else NOBODY


submission_policy: Policy[Submission] = Policy(
    Submission,
    {
        "view": lambda p: _own_submission(p) | _reviewers(p),
        "change": _own_submission,
        "review": _reviewers,
    },
    # Any signed-in person may start a submission (the service checks they are an educator).
    create=lambda p: ANYWHERE if p.is_authenticated else NOWHERE,
)


def _own_or_state(p: Principal) -> Q:
    own = Q(recipient_id=p.user_id) if p.is_authenticated else NOBODY
    return own | _state_admins(CREDENTIAL_STATE)(p)


credential_policy: Policy[Credential] = Policy(
    Credential,
    {
        # Anyone with a credential's URL (an unguessable UUID) may see and verify it: that is what it is for.
        "view": lambda p: EVERYONE,
        # Lists show a recipient their own, and a state's admins those of the state's issuers.
        "list": _own_or_state,
        "revoke": _state_admins(CREDENTIAL_STATE),
    },
    create=_admin_create,
)


def _own_held(p: Principal) -> Q:
    return Q(holder_id=p.user_id) if p.is_authenticated else NOBODY


# Credentials put into a person's account through the OB 3.0 API: only that person sees or replaces them.
held_credential_policy: Policy[HeldCredential] = Policy(
    HeldCredential,
    {"view": _own_held, "change": _own_held},
    create=lambda p: ANYWHERE if p.is_authenticated else NOWHERE,
)
