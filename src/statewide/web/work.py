"""The "My work" page each role lands on after signing in, and the status page of a background job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from statewide.accounts.models import Role
from statewide.accounts.selectors import user_memberships, user_roles
from statewide.capacity.selectors import rounds_to_work_on, ta_to_handle
from statewide.core.jobs import jobs_visible
from statewide.frameworks.selectors import draft_change_list
from statewide.places.selectors import organisations_by_ids
from statewide.policies.selectors import policy_records_to_review
from statewide.selfassessment.selectors import campaign_list

PER_PAGE = 10


@dataclass
class Section:
    key: str  # the page parameter of this list: ?<key>=2
    title: Any
    empty: Any
    template: str
    page: Page[Any]
    prev_url: str = ""
    next_url: str = ""
    links: tuple[tuple[Any, str], ...] = ()


def _section(request: HttpRequest, key: str, title: Any, empty: Any, template: str, qs: Any, links: tuple[tuple[Any, str], ...] = ()) -> Section:
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get(key))
    section = Section(key, title, empty, template, page, links=links)
    params = request.GET.copy()
    if page.has_previous():
        params[key] = str(page.previous_page_number())
        section.prev_url = f"?{params.urlencode()}#{key}"
    if page.has_next():
        params[key] = str(page.next_page_number())
        section.next_url = f"?{params.urlencode()}#{key}"
    return section


@never_cache
@login_required
@require_safe
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    p = user_roles(user)
    sections: list[Section] = []
    review_states = set(p.state_staff_states)
    if p.is_operator or p.admin_states:
        sections.append(
            _section(
                request, "campaigns", _("Self-assessment campaigns"), _("No campaigns yet."), "web/work/_campaigns.html", campaign_list(user),
                links=((_("Start a self-assessment"), "selfassessment:new"),),
            )
        )  # fmt: skip
    if p.is_operator or review_states:
        qs = policy_records_to_review(user, None if p.is_operator else review_states)
        sections.append(
            _section(
                request, "review", _("Policy records to review"), _("Nothing to review: every record is confirmed and was checked in the last year."),
                "web/work/_records.html", qs, links=((_("All policy records"), "policies:list"),),
            )
        )  # fmt: skip
    if p.is_content_editor:
        sections.append(
            _section(
                request, "drafts", _("Unpublished framework drafts"), _("No drafts waiting to be published."), "web/work/_drafts.html", draft_change_list(user)
            )
        )
    if p.is_operator or review_states:
        sections.append(_section(request, "ta", _("Technical assistance requests"), _("No open requests."), "web/work/_ta.html", ta_to_handle(user)))
    if p.lead_orgs or (p.member_orgs and not review_states):
        sections.append(
            _section(request, "readiness", _("Readiness rounds to answer"), _("No open readiness round."), "web/work/_readiness.html", rounds_to_work_on(user))
        )
    roles = set(user_memberships(user).values_list("role", flat=True))
    if Role.ASSESSOR in roles:
        # Micro-credential assessment is not built yet: the queue exists, and is empty, so assessors
        # find it here from the first day and nothing has to move when the module arrives.
        sections.append(_section(request, "assess", _("Submissions to assess"), _("No submissions are waiting for you."), "web/work/_jobs.html", []))
    if p.lead_orgs or (p.member_orgs and not (p.admin_states or p.reviewer_states)):
        sections.append(
            _section(
                request, "orgs", _("Your organizations"),
                _("You are not a member of any organization yet."), "web/work/_orgs.html", organisations_by_ids(p.member_orgs),
            )
        )  # fmt: skip
    sections.append(
        _section(
            request, "jobs", _("Imports and e-mails in the background"), _("Nothing queued or run for you yet."), "web/work/_jobs.html",
            jobs_visible(user).select_related("created_by"),
            links=((_("Import policy records"), "policies:import"),) if (p.is_operator or p.admin_states) else (),
        )
    )  # fmt: skip
    return TemplateResponse(request, "web/my_work.html", {"sections": sections, "principal": p})


@never_cache
@login_required
@require_safe
def job_page(request: HttpRequest, public_id: str) -> HttpResponse:
    job = jobs_visible(request.user).filter(public_id=public_id).first()
    if job is None:
        raise Http404
    return TemplateResponse(request, "web/job.html", {"job": job})
