from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from statewide.accounts.permissions import audit_event_policy
from statewide.core import SITE_NAME

# The modules in the primary navigation, in order. Each names the URL of its landing page;
# a module whose URLs are not installed yet is simply left out.
PRIMARY_NAV = (
    (_("Framework"), "frameworks:index"),
    (_("Where to begin"), "assessments:quiz"),
    (_("Policy tracker"), "policies:index"),
    (_("Innovation programs"), "programs:index"),
    (_("Districts"), "places:district_list"),
    (_("Micro-credentials"), "credentials:catalog"),
    (_("Local capacity"), "capacity:index"),
    (_("Insights"), "insights:index"),
)


def _nav(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for label, name in PRIMARY_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path.startswith(url) and url != "/"
        items.append({"label": label, "url": url, "current": current})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_name": SITE_NAME,
        "primary_nav": _nav(request),
        "show_audit_link": audit_event_policy.can_any(user),
    }
