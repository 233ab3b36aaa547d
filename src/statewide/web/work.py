"""The "My work" page each role lands on after signing in, and the status page of a background job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from statewide.accounts.models import Role
from statewide.accounts.selectors import user_memberships, user_roles
from statewide.capacity.selectors import rounds_to_work_on, ta_to_handle
from statewide.core.exports import export_file
from statewide.core.jobs import job_get, job_list
from statewide.credentials.selectors import drafts_managed, review_queue, submissions_of
from statewide.frameworks.selectors import draft_change_list
from statewide.places.selectors import organisations_by_ids
from statewide.policies.selectors import policy_records_to_review
from statewide.programs.selectors import applicant_next_steps, assignments_to_score
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
                links=((_("Start a self-assessment"), "selfassessment:new"), (_("Insights dashboards"), "insights:index")),
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
    if p.lead_orgs:
        sections.append(
            _section(
                request, "programs", _("Innovation programs: what is next"), _("No open program applications."), "web/work/_programs.html",
                applicant_next_steps(user, timezone.localdate()), links=((_("Innovation programs"), "programs:index"),),
            )
        )  # fmt: skip
    if p.reviewer_states:  # reviewers score; admins assign them from the application pages
        sections.append(
            _section(
                request, "program_reviews", _("Program applications to score"), _("No applications are waiting for your review."),
                "web/work/_program_reviews.html", assignments_to_score(user),
            )
        )  # fmt: skip
    if p.is_operator or review_states:
        sections.append(_section(request, "ta", _("Technical assistance requests"), _("No open requests."), "web/work/_ta.html", ta_to_handle(user)))
    if p.lead_orgs or (p.member_orgs and not review_states):
        sections.append(
            _section(request, "readiness", _("Readiness rounds to answer"), _("No open readiness round."), "web/work/_readiness.html", rounds_to_work_on(user))
        )
    roles = set(user_memberships(user).values_list("role", flat=True))
    if Role.ASSESSOR in roles:
        sections.append(
            _section(
                request, "assess", _("Submissions to assess"), _("No submissions are waiting for you."), "web/work/_assess.html", review_queue(user),
                links=((_("All evidence to review"), "credentials:review_queue"),),
            )
        )  # fmt: skip
    if p.admin_states or p.is_content_editor:
        sections.append(
            _section(
                request, "credential_drafts", _("Micro-credential drafts"), _("No drafts."), "web/work/_credential_drafts.html", drafts_managed(user),
                links=((_("Manage micro-credentials and issuers"), "credentials:manage"),),
            )
        )  # fmt: skip
    if Role.EDUCATOR in roles:
        sections.append(
            _section(
                request, "earn", _("Your micro-credentials"), _("You have not started a micro-credential yet."), "web/work/_earn.html", submissions_of(user),
                links=((_("Browse micro-credentials"), "credentials:catalog"), (_("Your backpack"), "credentials:backpack")),
            )
        )  # fmt: skip
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
            job_list(user),
            links=((_("Import policy records"), "policies:import"),) if (p.is_operator or p.admin_states) else (),
        )
    )  # fmt: skip
    return TemplateResponse(request, "web/my_work.html", {"sections": sections, "principal": p})


@never_cache
@login_required
@require_safe
def job_page(request: HttpRequest, public_id: str) -> HttpResponse:
    job = job_get(request.user, public_id)
    return TemplateResponse(request, "web/job.html", {"job": job})


@never_cache
@login_required
@require_safe
def job_download(request: HttpRequest, public_id: str) -> FileResponse:
    """The file a finished export job wrote (Django storage), only for those who may see the job."""
    f = export_file(request.user, public_id)
    return FileResponse(f.file, as_attachment=True, filename=f.filename, content_type=f.content_type)
