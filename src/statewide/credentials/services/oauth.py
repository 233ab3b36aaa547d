"""OAuth 2.0 dynamic client registration (RFC 7591) for the Open Badges 3.0 service API."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.text import http_url_problem, text_problem

MAX_REDIRECTS = 5


def oauth_client_register(*, actor: Actor, client_name: str, redirect_uris: list[str], scope: str = "", client_uri: str = "") -> tuple[Any, str]:
    """Register a wallet or backpack (anyone may: the person still consents to each access).
    Returns the application and its client secret, which is shown only in this answer."""
    problems: dict[str, list[str]] = {}
    issue = text_problem(client_name or "") if client_name else _("Required.")
    if issue or len(client_name) > 200:
        problems["client_name"] = [issue or _("At most 200 characters.")]
    if not redirect_uris or len(redirect_uris) > MAX_REDIRECTS:
        problems["redirect_uris"] = [_("Give 1 to %(n)d redirect URIs.") % {"n": MAX_REDIRECTS}]
    for uri in redirect_uris or []:
        found = http_url_problem(uri) if isinstance(uri, str) else _("Must be text.")
        if found or (isinstance(uri, str) and (" " in uri or "#" in uri)):
            problems.setdefault("redirect_uris", []).append(found or _("No spaces or fragments."))
    if client_uri and http_url_problem(client_uri):
        problems["client_uri"] = [http_url_problem(client_uri) or ""]
    if problems:
        raise ApplicationError(_("The registration is not valid."), code="invalid_client_metadata", fields=problems)
    application_model = get_application_model()
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        application = application_model(
            name=client_name,
            client_type=application_model.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(redirect_uris),
            client_secret=secret,
            skip_authorization=False,
        )
        application.save()
        audit_record(
            actor=actor,
            action="oauth_client.register",
            object_type="oauth2_provider.application",
            object_id=application.client_id,
            object_repr=client_name,
            after={"name": client_name, "redirect_uris": redirect_uris, "scope": scope},
        )
    return application, secret
