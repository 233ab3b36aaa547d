"""The operators' page of the background queue: depth, what runs, and what failed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from statewide.core.models import JobStatus
from statewide.core.queue import failed_jobs, queue_policy, queue_state

PER_PAGE = 25


@never_cache
@login_required
@require_safe
def queue_page(request: HttpRequest) -> HttpResponse:
    if not queue_policy.can_any(request.user):
        raise PermissionDenied
    state = queue_state(request.user)
    page = Paginator(failed_jobs(request.user), PER_PAGE).get_page(request.GET.get("page"))
    jobs = [(label, state.jobs_by_status.get(value, 0)) for value, label in JobStatus.choices]
    return TemplateResponse(request, "web/queue.html", {"state": state, "jobs": jobs, "page": page})
