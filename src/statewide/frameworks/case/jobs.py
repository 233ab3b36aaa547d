"""Background handler for large CASE imports (run by `statewide.core.jobs`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from statewide.core.jobs import Progress
from statewide.core.models import Job
from statewide.frameworks.case.importer import framework_import_case, package_parse


def case_import_job(job: Job, *, actor: Any, progress: Progress) -> dict[str, Any]:
    """Import a CASE package queued by the import page. Errors are ApplicationErrors: not retried."""
    progress(0, 1)
    package = package_parse(job.payload["data"].encode("utf-8"))
    fw = framework_import_case(actor=actor, package=package, slug=job.payload.get("slug") or None)
    progress(1, 1)
    Job.objects.filter(pk=job.pk).update(next_url=reverse("frameworks:overview", kwargs={"slug": fw.slug}))
    return {"summary": _("Imported %(title)s.") % {"title": fw.title}, "slug": fw.slug}
