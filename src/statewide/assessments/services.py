"""Writes of the quiz module. Anyone may take the quiz; results are rate-limited per client."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.assessments.models import Instrument, QuizResult
from statewide.assessments.results import compute_result
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.permissions import Actor
from statewide.core.ratelimit import RateLimit
from statewide.places.models import Jurisdiction

# Results one client (IP address) may create per hour: generous for a class or a workshop, low
# enough that a script cannot fill the database.
QUIZ_RESULTS_LIMIT = RateLimit("quiz-results", limit=60, window_seconds=3600)


class QuizRateLimited(ApplicationError):
    def __init__(self) -> None:
        super().__init__(_("Too many quizzes from your network in the last hour. Please try again later."), code="rate_limited")


def quiz_answers_parse(instrument: Instrument, answers: list[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """Validate `[{"question", "choice"}, …]` against the instrument.

    Returns (question id → choice id, priority condition codes). Every problem is reported under
    its own field name, e.g. `answers[2].choice`.
    """
    data = instrument.data
    questions = {q["id"]: q for q in data["questions"]}
    choice_ids = {c["id"] for c in data["choices"]}
    priorities_q = data["priorities"]
    condition_codes = {q["condition"] for q in data["questions"]}
    chosen: dict[str, str] = {}
    priorities: list[str] = []
    errors: dict[str, list[str]] = {}
    for i, answer in enumerate(answers):
        question, choice = str(answer.get("question", "")), str(answer.get("choice", ""))
        if question == priorities_q["id"]:
            if choice not in condition_codes:
                errors.setdefault(f"answers[{i}].choice", []).append(_("%(choice)r is not a condition of this quiz.") % {"choice": choice})
            elif choice not in priorities:
                priorities.append(choice)
        elif question not in questions:
            errors.setdefault(f"answers[{i}].question", []).append(_("There is no question %(question)r in this quiz.") % {"question": question})
        elif choice not in choice_ids:
            errors.setdefault(f"answers[{i}].choice", []).append(
                _("%(choice)r is not an answer to question %(question)r.") % {"choice": choice, "question": question}
            )
        elif question in chosen and chosen[question] != choice:
            errors.setdefault(f"answers[{i}].question", []).append(_("Question %(question)r is answered twice.") % {"question": question})
        else:
            chosen[question] = choice
    if len(priorities) > priorities_q["max_choices"]:
        errors.setdefault("priorities", []).append(
            ngettext("Pick at most %(n)s priority.", "Pick at most %(n)s priorities.", priorities_q["max_choices"]) % {"n": priorities_q["max_choices"]}
        )
    if errors:
        raise ApplicationError(_("Some answers are not valid."), fields=errors)
    return chosen, priorities


def _check_rate(client_key: str) -> None:
    if not QUIZ_RESULTS_LIMIT.hit(client_key):
        raise QuizRateLimited


def quiz_result_create(*, actor: Actor, instrument: Instrument, answers: list[dict[str, Any]], jurisdiction: str | None, client_key: str) -> QuizResult:
    """Score the answers and keep the result behind an unguessable share id."""
    chosen, priorities = quiz_answers_parse(instrument, answers)
    state = None
    if jurisdiction:
        state = Jurisdiction.objects.filter(usps=jurisdiction.upper()).first()
        if state is None:
            raise ApplicationError(_("Unknown state."), fields={"jurisdiction": [_("Use a USPS code such as TX.")]})
    _check_rate(client_key)
    with transaction.atomic():
        result = QuizResult(instrument=instrument, jurisdiction=state, answers=chosen, priorities=priorities)
        result.result = compute_result(instrument, chosen, priorities, state.usps if state else None)
        result.save()
        audit_record(
            actor=actor,
            action="quiz_result.create",
            obj=result,
            after={"instrument": str(instrument), "answered": len(chosen), "jurisdiction": state.usps if state else ""},
            scope_state=state.usps if state else "",
        )
    return result
