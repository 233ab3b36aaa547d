"""The where-to-begin quiz: instruments (versioned data) and the results people get from them."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from statewide.core.models import TimeStampedModel
from statewide.frameworks.models import Framework
from statewide.places.models import Jurisdiction


def new_share_token() -> str:
    """An unguessable id for a result's private share link (128 bits of randomness)."""
    return secrets.token_urlsafe(16)


class Instrument(TimeStampedModel):
    """One immutable version of a quiz, loaded from `assessments/instruments/*.yaml`."""

    slug = models.SlugField(_("instrument id"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="quiz_instruments")
    title = models.CharField(_("title"), max_length=300)
    data = models.JSONField(_("instrument"), help_text=_("Questions, choices and scoring rules as loaded from the data file."))
    digest = models.CharField(_("content digest"), max_length=64)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="instrument_slug_version_unique")]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"


class QuizResult(models.Model):
    """One completed quiz. Anonymous: we keep the answers, the optional state, and the computed result."""

    token = models.CharField(_("share id"), max_length=40, unique=True, default=new_share_token)
    public_id = models.UUIDField(_("public id"), unique=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="results")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="quiz_results")
    answers = models.JSONField(_("answers"), help_text=_("Question id → choice id; unanswered questions are absent."))
    priorities = models.JSONField(_("priorities"), default=list)
    result = models.JSONField(_("result"), help_text=_("The computed profile and recommendations, frozen at submission."))
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["jurisdiction", "created_at"], name="quizresult_state_created")]

    def __str__(self) -> str:
        return f"quiz result {self.public_id}"
