"""Base models and the append-only audit trail."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """A model whose URLs and API use an opaque public id, never the database key."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly


class AuditTrailIsAppendOnly(Exception):
    def __init__(self) -> None:
        super().__init__("Audit events cannot be changed or deleted.")


class AuditEvent(models.Model):
    """One state-changing action: who did what to which object, with the values before and after.

    Scope fields hold plain public values (USPS code, organisation public id) so that the core
    layer does not depend on the places and accounts apps, and so events outlive their objects.
    """

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("actor"), max_length=254, help_text=_("E-mail of the actor, or 'system'."))
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=120, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    scope_state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    scope_org = models.UUIDField(_("organization"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["scope_state", "-occurred_at"], name="audit_state_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditTrailIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    RETRYING = "retrying", _("Waiting to retry")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(PublicIdModel):
    """One piece of background work as people see it: what, for whom, how far, and how it ended.

    The work itself runs through django-tasks (`statewide.core.jobs`); this row is its visible
    status. `payload` holds the handler's input and is emptied when the job ends, so e-mail
    addresses and uploaded files are not kept once they have been used.
    """

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    label = models.CharField(_("description"), max_length=300)
    handler = models.CharField(_("handler"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    payload = models.JSONField(_("input"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    as_system = models.BooleanField(_("run as the system"), default=False)
    scope_state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    next_url = models.CharField(_("link when done"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="core_job_owner_recent")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, (self.done * 100) // self.total) if self.total else 0


class ContentVersion(models.Model):
    """A counter per content domain (an app label: "policies", "frameworks", …).

    Every audited write bumps the counter of its domain inside the write's transaction (see
    `statewide.core.cache`), so a rolled-back write changes nothing and a committed one is seen by
    the next request. Cached pages and aggregates are keyed by these counters."""

    domain = models.CharField(_("domain"), max_length=40, unique=True)
    version = models.BigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    def __str__(self) -> str:
        return f"{self.domain} v{self.version}"
