"""Background jobs over the API: a large import answers 202 with its job; the job says how it went."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from statewide.api.auth import require_user
from statewide.core.exports import export_file
from statewide.core.jobs import job_get
from statewide.core.models import Job

router = Router(tags=["jobs"])


class JobAccepted(Schema):
    """Answer of an import sent to the background queue (HTTP 202)."""

    id: UUID
    status: str
    url: str  # this job in the API: GET it until `finished` is true
    page: str  # the job's page for people


class JobOut(Schema):
    id: UUID
    kind: str
    label: str
    status: str  # queued, running, retrying, succeeded, failed
    finished: bool
    attempts: int
    stage: str  # the phase a running job reports ("Checking rows", "Writing records"), else ""
    done: int
    total: int
    percent: int
    result: dict[str, Any]  # what a succeeded job reports (counts, summary, slug, …)
    error: str  # a failed job's plain message
    # A failed import's problems: "line 12", "record 3" or a JSON path such as "CFItems/4/identifier"
    # (listed under "package") → messages. Nothing was written then.
    fields: dict[str, list[str]]
    state: str  # USPS code of the state the job belongs to, or ""
    created_at: dt.datetime
    finished_at: dt.datetime | None
    page: str
    download: str  # a finished export's file (GET it with the same credentials), else ""


def _urls(request: HttpRequest, job: Job) -> tuple[str, str]:
    return (
        request.build_absolute_uri(reverse("api-v1:job_detail", args=[job.public_id])),
        request.build_absolute_uri(reverse("web:job", args=[job.public_id])),
    )


def job_accepted(request: HttpRequest, response: HttpResponse, job: Job) -> Status[JobAccepted]:
    """The 202 answer for a queued job, with its API address in `Location` too."""
    url, page = _urls(request, job)
    response["Location"] = url
    return Status(202, JobAccepted(id=job.public_id, status=job.status, url=url, page=page))


@router.get("/jobs/{public_id}", response=JobOut, url_name="job_detail", summary="A background job: status, progress, result or errors")
def job_detail(request: HttpRequest, public_id: UUID) -> JobOut:
    """Visible to the person who started it, the admins of its state, and operators (404 otherwise)."""
    job = job_get(require_user(request), public_id)
    result = dict(job.result or {})
    fields = result.pop("fields", {}) if job.is_finished else {}
    stage = "" if job.is_finished else str(result.pop("stage", ""))
    return JobOut(
        id=job.public_id,
        kind=job.kind,
        label=job.label,
        status=job.status,
        finished=job.is_finished,
        attempts=job.attempts,
        stage=stage,
        done=job.done,
        total=job.total,
        percent=job.percent,
        result=result if job.status == "succeeded" else {},
        error=job.error,
        fields=fields,
        state=job.scope_state,
        created_at=job.created_at,
        finished_at=job.finished_at,
        page=_urls(request, job)[1],
        download=request.build_absolute_uri(reverse("api-v1:job_download", args=[job.public_id])) if job.status == "succeeded" and result.get("file") else "",
    )


@router.get("/jobs/{public_id}/download", url_name="job_download", summary="The file a finished export job wrote", response={200: None})
def job_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """The CSV or XLSX of a succeeded export job, for those who may see the job (404 otherwise, or while it runs)."""
    f = export_file(require_user(request), public_id)
    return FileResponse(f.file, as_attachment=True, filename=f.filename, content_type=f.content_type)
