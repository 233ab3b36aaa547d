"""Background handler for large CASE imports (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from statewide.core.jobs import Progress, job_enqueue
from statewide.core.models import Job
from statewide.core.permissions import Actor
from statewide.frameworks.case.importer import framework_import_case, package_parse
from statewide.frameworks.permissions import framework_policy


def case_import_enqueue(*, actor: Actor, data: bytes, slug: str = "", name: str = "") -> Job:
    """Queue a large CASE import (page upload or API body). Permission and the JSON itself are
    checked now; the package's content is checked and written in the worker, all or nothing."""
    if not framework_policy.can_create(actor):
        raise PermissionDenied(_("Only content editors may import frameworks."))
    package_parse(data)  # size, UTF-8, JSON, depth and "an object": said at once, in the request
    return job_enqueue(
        actor=actor,
        kind="frameworks.import_case",
        label=_("CASE import (%(name)s)") % {"name": name} if name else _("CASE import"),
        handler="statewide.frameworks.case.jobs.case_import_job",
        payload={"data": data.decode("utf-8"), "slug": slug},
    )


def case_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import a CASE package queued by the import page. Errors are ApplicationErrors: not retried."""
    package = package_parse(job.payload["data"].encode("utf-8"))
    fw = framework_import_case(actor=actor, package=package, slug=job.payload.get("slug") or None, progress=progress)
    Job.objects.filter(pk=job.pk).update(next_url=reverse("frameworks:overview", kwargs={"slug": fw.slug}))
    return {"summary": _("Imported %(title)s.") % {"title": fw.title}, "slug": fw.slug}
