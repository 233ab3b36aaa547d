"""Reads of the quiz module. A result is reachable only through its unguessable share id."""

from __future__ import annotations

from django.http import Http404

from statewide.assessments.models import QuizResult


def quiz_result_get(token: str) -> QuizResult:
    result = QuizResult.objects.select_related("instrument", "jurisdiction").filter(token=token).first()
    if result is None:
        raise Http404
    return result
