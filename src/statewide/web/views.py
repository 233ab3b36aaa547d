from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from statewide.api.errors import error_envelope
from statewide.core.cache import public_page
from statewide.core.http import DATABASE_RETRY_AFTER, database_unavailable
from statewide.core.queue import readiness

# What the home page says about each module. `url` names a landing page; modules still being
# built say so plainly instead of linking nowhere.
MODULES = (
    {
        "title": _("Framework knowledge base"),
        "url": "frameworks:index",
        "text": _("Read the State Policy Framework for Personalized Learning and related frameworks as sourced, citable data."),
    },
    {
        "title": _("Where to begin"),
        "url": "assessments:quiz",
        "text": _("Take a short quiz on which policy conditions your state should begin with, then run a full self-assessment with your stakeholders."),
    },
    {
        "title": _("50-state policy tracker"),
        "url": "policies:index",
        "text": _("See the enacted policies that enable personalized learning, state by state, with citations, dates and sources."),
    },
    {
        "title": _("Districts"),
        "url": "places:district_list",
        "text": _("Browse the directory of districts (NCES Common Core of Data) that take part in the work."),
    },
    {"title": _("District innovation programs"), "url": None, "text": _("From a call for applications to a sustainability plan. Planned.")},
    {
        "title": _("Building local capacity"),
        "url": "capacity:index",
        "text": _("District readiness by tier, supports matched to need and technical assistance."),
    },
    {"title": _("Educator micro-credentials"), "url": None, "text": _("Open Badges 3.0 credentials anyone can verify. Planned.")},
    {"title": _("Statewide insights"), "url": "insights:index", "text": _("Progress, reach and equity, with small counts suppressed.")},
)


@require_safe
@public_page(daily=False)
def home(request: HttpRequest) -> HttpResponse:
    from django.urls import NoReverseMatch, reverse  # noqa: PLC0415

    modules = []
    for module in MODULES:
        href = None
        if module["url"]:
            try:
                href = reverse(str(module["url"]))
            except NoReverseMatch:
                href = None
        modules.append({**module, "href": href})
    return TemplateResponse(request, "web/home.html", {"modules": modules})


@never_cache
@require_safe
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the language with a plain link: it sets only the language cookie, so it needs no form
    and no CSRF token, and the public pages that show the switcher stay cacheable for everyone."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE)
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness, for load balancers: 200 when the process serves and the database answers (`readyz` says whether it is ready)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """For orchestrators: 200 when this server can take traffic (database, migrations, queue), else 503 with what is wrong."""
    state = readiness()
    return JsonResponse({"status": "ready" if state["ready"] else "not ready", "checks": state["checks"]}, status=200 if state["ready"] else 503)


StrOrPromise = str | Promise


def _error(request: HttpRequest, status: int, title: StrOrPromise, text: StrOrPromise) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_envelope(request, status=status, code=_API_CODES[status], message=str(title)), status=status)
    response = TemplateResponse(request, "web/error.html", {"status": status, "title": title, "text": text}, status=status)
    return response.render()


_API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error", 503: "unavailable"}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("We could not understand that request. Check the address or the form and try again."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        _("You do not have access to this page"),
        _("Sign in with an account that has access, or ask your state administrator for the role you need."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Page not found"), _("We could not find the page you asked for. It may have moved, or the address may be mistyped."))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block, so the error being handled is at hand.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return _error(
        request, 500, _("Something went wrong"), _("An unexpected error happened on our side. It has been logged; please try again in a few minutes.")
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After when the database cannot be reached (a restart or fail-over): the request
    may be sent again. The page needs no database; if rendering it would (the signed-in person not
    loaded yet), a plain page says the same."""
    title = _("Service temporarily unavailable")
    text = _(
        "The service is restarting or briefly unavailable. Please try again in a few seconds; if you were saving a change, check first whether it was saved."
    )
    try:
        response = _error(request, 503, title, text)
    except DatabaseError:
        body = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>'
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
