"""The where-to-begin quiz over the API, so other sites can embed it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from statewide.assessments import services
from statewide.assessments.instruments import instrument_current
from statewide.assessments.selectors import quiz_result_get
from statewide.core.http import client_address
from statewide.core.text import SingleLine

router = Router(tags=["quiz"])


class ChoiceOut(Schema):
    id: str
    text: str


class QuestionOut(Schema):
    id: str
    text: str
    condition: str | None = None
    kind: str
    max_choices: int = 1
    choices: list[ChoiceOut]


class InstrumentOut(Schema):
    id: str
    version: int
    framework: str
    title: str
    introduction: str
    provenance: str
    questions: list[QuestionOut]


class AnswerIn(Schema):
    question: SingleLine
    choice: SingleLine


class ResultIn(Schema):
    answers: list[AnswerIn] = []
    jurisdiction: SingleLine | None = None


class QuizConditionOut(Schema):
    condition: str
    name: str
    phase: str | None
    status: str
    answer: str | None
    foundational: bool
    priority: bool


class PolicyBriefOut(Schema):
    id: str
    title: str
    citation: str
    state: str
    url: str
    confirmed: bool


class PeerOut(Schema):
    usps: str
    name: str
    records: list[PolicyBriefOut]


class StateOut(Schema):
    usps: str
    name: str
    tracked: bool


class RecommendationOut(Schema):
    rank: int
    condition: str
    name: str
    score: int
    sustain: bool
    next_phase: str | None
    reasons: list[str]
    goal: str | None
    actions: list[str]
    strategic_questions: list[str]
    url: str
    # With a state: its tracked policies in force serving the condition, and up to three peer states.
    state_policies: list[PolicyBriefOut] = []
    peers: list[PeerOut] = []


class ResultOut(Schema):
    id: str
    instrument: dict[str, Any]
    framework: str
    jurisdiction: str | None
    created_at: str
    conditions: list[QuizConditionOut]
    recommendations: list[RecommendationOut]
    can_recommend: bool  # false when no question was answered with a placement: no recommendations then
    state: StateOut | None
    all_at_top: bool
    share_url: str
    pdf_url: str


@router.get("/quiz/", response=InstrumentOut, summary="The where-to-begin quiz (current version)")
def quiz(request: HttpRequest) -> dict[str, Any]:
    instrument = instrument_current()
    data = instrument.data
    names = dict(instrument.framework.items.filter(code__in=[q["condition"] for q in data["questions"]]).values_list("code", "name"))
    choices = [{"id": c["id"], "text": c["text"]} for c in data["choices"]]
    questions: list[dict[str, Any]] = [
        {"id": q["id"], "text": f"{names[q['condition']]}: {q['text']}", "condition": q["condition"], "kind": "single", "choices": choices}
        for q in data["questions"]
    ]
    prio = data["priorities"]
    questions.append(
        {
            "id": prio["id"],
            "text": prio["text"],
            "condition": None,
            "kind": "multiple",
            "max_choices": prio["max_choices"],
            "choices": [{"id": q["condition"], "text": names[q["condition"]]} for q in data["questions"]],
        }
    )
    return {
        "id": instrument.slug,
        "version": instrument.version,
        "framework": instrument.framework.slug,
        "title": instrument.title,
        "introduction": data["introduction"],
        "provenance": data["provenance"],
        "questions": questions,
    }


def _out(request: HttpRequest, result: Any) -> dict[str, Any]:
    data = result.result
    return {
        "id": result.token,
        "instrument": data["instrument"],
        "framework": data["framework"],
        "jurisdiction": result.jurisdiction.usps if result.jurisdiction else None,
        "created_at": result.created_at.isoformat(),
        "conditions": data["conditions"],
        "recommendations": data["recommendations"],
        "can_recommend": data.get("can_recommend", bool(data["recommendations"])),
        "state": data.get("state"),
        "all_at_top": data["all_at_top"],
        "share_url": request.build_absolute_uri(reverse("assessments:result", args=[result.token])),
        "pdf_url": request.build_absolute_uri(reverse("assessments:result_pdf", args=[result.token])),
    }


@router.post("/quiz/results", response={201: ResultOut}, summary="Score a set of answers (anyone; rate-limited)")
def quiz_result_create(request: HttpRequest, payload: ResultIn) -> Status[dict[str, Any]]:
    """Unanswered questions count as unknown. Priorities are answers to the `priorities` question (up to its max_choices)."""
    try:
        result = services.quiz_result_create(
            actor=request.api_user,  # type: ignore[attr-defined]
            instrument=instrument_current(),
            answers=[a.dict() for a in payload.answers],
            jurisdiction=payload.jurisdiction,
            client_key=client_address(request),
        )
    except services.QuizRateLimited as exc:
        raise HttpError(429, exc.message) from exc
    result = quiz_result_get(result.token)
    return Status(201, _out(request, result))


@router.get("/quiz/results/{token}", response=ResultOut, summary="A quiz result, by its share id")
def quiz_result(request: HttpRequest, token: str) -> dict[str, Any]:
    return _out(request, quiz_result_get(token))
