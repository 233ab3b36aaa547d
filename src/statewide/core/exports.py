"""Exports in the background: the one rule for which CSV/XLSX downloads leave the request, and the job that writes them.

A module that offers a large export keeps two things of its own: a permission-checked service
that calls `export_enqueue` (and writes its audit event), and a *rows function* named by a dotted
path, `rows(*, actor, **params) -> (total, rows)`, which reads through the module's selectors as
the actor (so the worker sees exactly what the requester may see) and returns the number of data
rows and an iterable of rows, the header first. Everything else is here and shared:

- `export_runs_in_background(rows)`: the one threshold. An export of more data rows than
  `EXPORT_BACKGROUND_ROWS` goes through the queue; a smaller one may be answered in the request.
- `export_job`: the handler the queue runs. It writes the rows with `core.tabular` (the one
  tabular writer) into a temporary file, reports progress every `PROGRESS_EVERY` rows, and stores
  the file through Django's storage (`exports/<job id>/<file name>`, private); the job's result
  names the file.
- `export_file(user, public_id)`: the finished file, only for a user who may see the job
  (`core.jobs.job_policy`: its creator, the admins of its state, operators); 404 otherwise. The
  job page (`/jobs/<id>/download/`) and `GET /api/v1/jobs/{id}/download` serve it.
- `exports_purge(actor=SYSTEM, days=EXPORT_KEEP_DAYS)`: files are kept `EXPORT_KEEP_DAYS` days, then
  deleted from storage (`statewide purge-exports`, run daily); the job stays, without its download.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from statewide.core import tabular
from statewide.core.errors import ApplicationError
from statewide.core.jobs import Progress, job_enqueue, job_get
from statewide.core.models import Job, JobStatus
from statewide.core.permissions import SYSTEM, Actor

# Exports of more data rows than this are prepared in the background (pages and API alike).
EXPORT_BACKGROUND_ROWS = 5000
PROGRESS_EVERY = 1000
EXPORT_KEEP_DAYS = 7  # a prepared file is a copy of data people may lose access to: kept a week
WRITING_FILE = gettext_noop("Writing the file")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_runs_in_background(rows: int) -> bool:
    """Does an export of `rows` data rows go through the queue? (The one threshold of pages and API.)"""
    return rows > EXPORT_BACKGROUND_ROWS


def export_enqueue(
    *,
    actor: Actor,
    kind: str,
    label: str,
    rows: str,
    params: dict[str, Any],
    fmt: str,
    filename: str,
    sheet: str = "data",
    scope_state: str = "",
    total: int = 0,
) -> Job:
    """Queue an export. The caller (a module's service) has checked permission and recorded its audit event."""
    if fmt not in CONTENT_TYPES:
        raise ApplicationError(_("Choose CSV or XLSX."), fields={"format": [_("Choose CSV or XLSX.")]})
    import_string(rows)  # fail now, in the request, if the rows function does not exist
    payload = {"rows": rows, "params": params, "fmt": fmt, "filename": filename, "sheet": sheet}
    return job_enqueue(actor=actor, kind=kind, label=label, handler="statewide.core.exports.export_job", payload=payload, total=total, scope_state=scope_state)


def _counted(rows: Iterable[tabular.Row], total: int, progress: Progress, counter: list[int]) -> Iterator[tabular.Row]:
    """The rows, counting the data rows (not the header) and reporting progress as they pass."""
    for i, row in enumerate(rows):
        yield row
        if i and i % PROGRESS_EVERY == 0:
            progress(i, max(total, i), stage=WRITING_FILE)
        counter[0] = i


def export_job(job: Job, *, actor: Actor, progress: Progress) -> dict[str, Any]:
    """The queue's handler for every export: rows → file (core.tabular) → Django storage."""
    p = job.payload
    total, rows = import_string(p["rows"])(actor=actor, **p["params"])
    counter = [0]
    counted = _counted(rows, total, progress, counter)
    with tempfile.TemporaryFile() as tmp:
        if p["fmt"] == "csv":
            for line in tabular.csv_lines(counted):
                tmp.write(line.encode("utf-8"))
        else:
            tmp.write(tabular.xlsx_bytes([(p.get("sheet") or "data", counted)]))
        tmp.seek(0)
        name = default_storage.save(f"exports/{job.public_id}/{p['filename']}", File(tmp, name=p["filename"]))
    n = counter[0]
    progress(n, n)
    return {
        "file": name,
        "filename": p["filename"],
        "content_type": CONTENT_TYPES[p["fmt"]],
        "rows": n,
        "summary": ngettext("%(n)s row exported.", "%(n)s rows exported.", n) % {"n": n},
    }


@dataclass(frozen=True)
class ExportFile:
    file: IO[bytes]
    filename: str
    content_type: str


def export_file(user: Actor, public_id: Any) -> ExportFile:
    """The file of a finished export job the user may see (404 if the job is not visible, not an export, or not done)."""
    job = job_get(user, public_id)
    name = (job.result or {}).get("file")
    if job.status != JobStatus.SUCCEEDED or not name or not default_storage.exists(name):
        raise Http404
    return ExportFile(default_storage.open(name, "rb"), job.result["filename"], job.result["content_type"])


def exports_purge(*, actor: Actor, days: int = EXPORT_KEEP_DAYS) -> int:
    """Delete the files of export jobs finished more than `days` days ago (the jobs stay, marked expired). Operators' task."""
    if actor is not SYSTEM:
        raise PermissionDenied
    cutoff = timezone.now() - dt.timedelta(days=days)
    purged = 0
    for job in Job.objects.filter(handler="statewide.core.exports.export_job", finished_at__lt=cutoff, result__has_key="file").only("pk", "result"):
        default_storage.delete(job.result["file"])
        Job.objects.filter(pk=job.pk).update(result={**{k: v for k, v in job.result.items() if k != "file"}, "expired": True})
        purged += 1
    return purged
