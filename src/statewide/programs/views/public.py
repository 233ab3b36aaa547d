"""Public pages: programs, the registry per state (list with locale, Atom feed of decisions), one participant."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from statewide.core.permissions import ANONYMOUS_ACTOR
from statewide.core.text import strip_controls
from statewide.places.usmap import state_map_svg
from statewide.programs import selectors, services
from statewide.programs.models import Decision
from statewide.programs.permissions import program_policy
from statewide.programs.workflow import STAGE_LABELS

PER_PAGE = 50
FEED_ITEMS = 50


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.program_list(request.user), PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"page": page, "can_create": program_policy.can_create(request.user)}
    return TemplateResponse(request, "programs/index.html", ctx)


@require_safe
def program_detail(request: HttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id)
    ctx: dict[str, Any] = {
        "program": program,
        **selectors.program_parts(program),
        "can_apply": selectors.applying_organisations(request.user, program).exists() if request.user.is_authenticated else False,
        "can_manage": program_policy.can(request.user, "manage", program),
        "applications": list(selectors.application_list(request.user, program=program)[:PER_PAGE]) if request.user.is_authenticated else [],
        "stage_rows": services.stage_rows(program),
        "skipped": [STAGE_LABELS[k] for k in program.skipped_stages or [] if k in STAGE_LABELS],
    }
    return TemplateResponse(request, "programs/program.html", ctx)


def _state(usps: str) -> Any:
    return selectors.jurisdiction_get(usps)


@require_safe
def registry(request: HttpRequest, usps: str) -> HttpResponse:
    state = _state(usps)
    page = Paginator(selectors.registry_list(state=state.usps), PER_PAGE).get_page(request.GET.get("page"))
    places, unplaced = selectors.registry_places(state.usps)
    title = _("Map of %(state)s: a dot for each participating district or school, at its office's location") % {"state": state.name}
    svg = state_map_svg(fips=state.fips, usps=state.usps, title=title, points=places) if places else None
    return TemplateResponse(request, "programs/registry.html", {"state": state, "page": page, "map": svg, "unplaced": unplaced})


@require_safe
def participant(request: HttpRequest, public_id: str) -> HttpResponse:
    app = selectors.registry_get(public_id)
    ctx = {
        "application": app,
        "versions": [v for v in selectors.plan_versions(app) if v.approved_at],
        "reports": list(selectors.report_list(ANONYMOUS_ACTOR, application=app)),
        "decisions": list(selectors.public_decisions().filter(application=app)),
    }
    return TemplateResponse(request, "programs/participant.html", ctx)


class DecisionsFeed(Feed[Decision, Any]):
    feed_type = Atom1Feed
    author_name = "Statewide"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return _state(kwargs["usps"])

    def title(self, obj: Any) -> str:
        return _("Statewide: district innovation program decisions in %(state)s") % {"state": obj.name}

    def link(self, obj: Any) -> str:
        return reverse("programs:registry", args=[obj.usps])

    def feed_url(self, obj: Any) -> str:
        return reverse("programs:feed", args=[obj.usps])

    def items(self, obj: Any) -> list[Decision]:
        return list(selectors.public_decisions(state=obj.usps)[:FEED_ITEMS])

    def item_title(self, item: Decision) -> str:
        return strip_controls(f"{item.application.organisation.name}: {item.kind.replace('_', ' ')}")

    def item_description(self, item: Decision) -> str:
        return strip_controls(f"{item.application.program.name}. {item.note}", multiline=True)

    def item_link(self, item: Decision) -> str:
        return reverse("programs:participant", args=[item.application.public_id])

    def item_guid(self, item: Decision) -> str:
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Decision) -> Any:
        return item.decided_at

    def item_updateddate(self, item: Decision) -> Any:
        return item.decided_at
