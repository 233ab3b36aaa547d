"""The application state machine, defined once: every status, every transition, who acts and its guard.

Services move an application only through `transition_check` + the table below; docs/programs.md
draws the diagram from `mermaid()` (a test checks the doc matches the code).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    REVISE = "revise", _("Revise and resubmit")
    CONDITIONAL = "conditional", _("Conditionally approved (planning year)")
    PLAN_SUBMITTED = "plan_submitted", _("Comprehensive plan submitted")
    APPROVED = "approved", _("Approved (implementing)")
    AMENDMENT_SUBMITTED = "amendment_submitted", _("Amendment awaiting approval")
    COMPLETED = "completed", _("Completed (sustainability plan filed)")
    DECLINED = "declined", _("Declined")
    RESCINDED = "rescinded", _("Rescinded")


# Who may take a transition: the applicant (a district lead of the applying organization), the
# state staff running the program (its state's admins), or the decider (the state's admins, or —
# in a local-adoption program such as Texas's — the applicant recording its own board's vote).
APPLICANT = "applicant"
STAFF = "staff"
DECIDER = "decider"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    actor: str
    # A guard's name: the service checks it (see `services.guards`), the diagram labels the arrow.
    guard: str = ""
    decision: bool = False  # a decision: it has a letter, an e-mail and may need an approval group


S = Status
TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", (S.DRAFT, S.REVISE), S.SUBMITTED, APPLICANT, guard="assurances affirmed, answers complete"),
    Transition("start_review", (S.SUBMITTED,), S.UNDER_REVIEW, STAFF, guard="a reviewer assigned"),
    Transition("conditionally_approve", (S.UNDER_REVIEW,), S.CONDITIONAL, DECIDER, decision=True),
    Transition("request_revision", (S.UNDER_REVIEW, S.PLAN_SUBMITTED), S.REVISE, DECIDER, decision=True),
    Transition("decline", (S.UNDER_REVIEW, S.PLAN_SUBMITTED), S.DECLINED, DECIDER, decision=True),
    Transition("submit_plan", (S.CONDITIONAL,), S.PLAN_SUBMITTED, APPLICANT, guard="plan, evaluation design with indicators"),
    Transition("approve", (S.PLAN_SUBMITTED,), S.APPROVED, DECIDER, decision=True),
    Transition("submit_amendment", (S.APPROVED,), S.AMENDMENT_SUBMITTED, APPLICANT, guard="plan text changed"),
    Transition("approve_amendment", (S.AMENDMENT_SUBMITTED,), S.APPROVED, DECIDER, decision=True),
    Transition("complete", (S.APPROVED,), S.COMPLETED, APPLICANT, guard="final evaluation and sustainability plan"),
    Transition("rescind", (S.CONDITIONAL, S.APPROVED, S.AMENDMENT_SUBMITTED), S.RESCINDED, DECIDER, decision=True),
    Transition("renew", (S.APPROVED, S.COMPLETED), S.APPROVED, DECIDER, decision=True),
)
BY_NAME = {t.name: t for t in TRANSITIONS}
DECISIONS = tuple(t.name for t in TRANSITIONS if t.decision)
# Participating: the statuses a public registry lists (a decision made the district a participant).
PARTICIPATING = (S.CONDITIONAL, S.PLAN_SUBMITTED, S.APPROVED, S.AMENDMENT_SUBMITTED, S.COMPLETED, S.RESCINDED)
# Before any decision: never shown publicly.
PRIVATE = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REVISE, S.DECLINED)


def available(status: str) -> list[Transition]:
    """The transitions that leave `status`, in table order."""
    return [t for t in TRANSITIONS if status in t.sources]


def allowed(status: str, name: str) -> bool:
    t = BY_NAME.get(name)
    return t is not None and status in t.sources


def mermaid() -> str:
    """The state diagram in Mermaid syntax, generated from the table (docs/programs.md embeds it)."""
    lines = ["stateDiagram-v2", f"    [*] --> {S.DRAFT.value}"]
    for t in TRANSITIONS:
        for source in t.sources:
            label = f"{t.name} ({t.actor}{'; ' + t.guard if t.guard else ''})"
            lines.append(f"    {source} --> {t.target}: {label}")
    for final in (S.COMPLETED, S.DECLINED, S.RESCINDED):
        lines.append(f"    {final.value} --> [*]")
    return "\n".join(lines) + "\n"
