"""The application state machine, defined once: every status, every transition, who acts and its guard.

Services move an application only through `transition_check` + the table below; docs/programs.md
draws the diagram from `mermaid()` (a test checks the doc matches the code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

# The roles a program may name for each transition (Program.actors): the table's `actor` says which
# choices a transition offers; the first is the default (a decision's default follows Program.decider).
ROLE_APPLICANT = "applicant"  # a district lead of the applying organization (for a decision: its board's vote)
ROLE_STATE_ADMIN = "state_admin"  # the administrators of the program's state
ROLE_STATE_STAFF = "state_staff"  # the state's administrators and reviewers
ROLE_LABELS = {
    ROLE_APPLICANT: _("The applicant (a district lead of the applying organization)"),
    ROLE_STATE_ADMIN: _("The state's administrators"),
    ROLE_STATE_STAFF: _("The state's staff (administrators and reviewers)"),
}
ROLE_CHOICES = {APPLICANT: (ROLE_APPLICANT,), STAFF: (ROLE_STATE_ADMIN, ROLE_STATE_STAFF), DECIDER: (ROLE_STATE_ADMIN, ROLE_APPLICANT)}

# Optional stages a program may leave out (Program.skipped_stages), and the statuses that belong to each.
# A transition's `when` names, per source status, the stage settings that arrow needs ("review": the
# stage is used; "no review": it is left out), so skipping a stage re-routes through arrows of this table.
OPTIONAL_STAGES = {"review": ("under_review",), "planning": ("conditional", "plan_submitted")}
STAGE_LABELS = {
    "review": _("State review: reviewers are assigned and score against the rubric"),
    "planning": _("Conditional approval and a planning year before the comprehensive plan"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    actor: str
    # A guard's name: the service checks it (see `services.guards`), the diagram labels the arrow.
    guard: str = ""
    decision: bool = False  # a decision: it has a letter, an e-mail and may need an approval group
    # Per source status, the stage settings the arrow needs, e.g. (("submitted", ("no review",)),).
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def conditions(self, source: str) -> tuple[str, ...]:
        return dict(self.when).get(source, ())

    @property
    def role_choices(self) -> tuple[str, ...]:
        return ROLE_CHOICES[self.actor]


S = Status
NO_REVIEW = (S.SUBMITTED.value, ("no review",))
TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", (S.DRAFT, S.REVISE), S.SUBMITTED, APPLICANT, guard="assurances affirmed, answers complete"),
    Transition("start_review", (S.SUBMITTED,), S.UNDER_REVIEW, STAFF, guard="a reviewer assigned", when=((S.SUBMITTED.value, ("review",)),)),
    Transition(
        "conditionally_approve",
        (S.UNDER_REVIEW, S.SUBMITTED),
        S.CONDITIONAL,
        DECIDER,
        decision=True,
        when=((S.UNDER_REVIEW.value, ("planning",)), (S.SUBMITTED.value, ("no review", "planning"))),
    ),
    Transition("request_revision", (S.UNDER_REVIEW, S.PLAN_SUBMITTED, S.SUBMITTED), S.REVISE, DECIDER, decision=True, when=(NO_REVIEW,)),
    Transition("decline", (S.UNDER_REVIEW, S.PLAN_SUBMITTED, S.SUBMITTED), S.DECLINED, DECIDER, decision=True, when=(NO_REVIEW,)),
    Transition("submit_plan", (S.CONDITIONAL,), S.PLAN_SUBMITTED, APPLICANT, guard="plan, evaluation design with indicators"),
    Transition(
        "approve",
        (S.PLAN_SUBMITTED, S.UNDER_REVIEW, S.SUBMITTED),
        S.APPROVED,
        DECIDER,
        guard="without a planning year: plan and indicators filed with the application",
        decision=True,
        when=((S.UNDER_REVIEW.value, ("no planning",)), (S.SUBMITTED.value, ("no review", "no planning"))),
    ),
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


def _holds(condition: str, skipped: Iterable[str]) -> bool:
    stage = condition.removeprefix("no ")
    return (stage in skipped) if condition.startswith("no ") else (stage not in skipped)


def available(status: str, skipped: Iterable[str] = ()) -> list[Transition]:
    """The transitions that leave `status` in a program that leaves out the stages `skipped`, in table order."""
    skipped = tuple(skipped)
    return [t for t in TRANSITIONS if status in t.sources and all(_holds(c, skipped) for c in t.conditions(status))]


def allowed(status: str, name: str, skipped: Iterable[str] = ()) -> bool:
    return any(t.name == name for t in available(status, skipped))


def stage_statuses(skipped: Iterable[str]) -> tuple[str, ...]:
    """The statuses an application cannot reach (or leave) in a program that leaves out `skipped`."""
    return tuple(s for stage in skipped for s in OPTIONAL_STAGES.get(stage, ()))


def who_acts(transition: Transition, actors: Mapping[str, str], decider: str) -> str:
    """The role that takes `transition` in a program: its own choice (Program.actors), else the default."""
    chosen = actors.get(transition.name)
    if chosen in transition.role_choices:
        return chosen
    if transition.actor == DECIDER and decider == "local":
        return ROLE_APPLICANT
    return transition.role_choices[0]


def mermaid() -> str:
    """The state diagram in Mermaid syntax, generated from the table (docs/programs.md embeds it)."""
    lines = ["stateDiagram-v2", f"    [*] --> {S.DRAFT.value}"]
    for t in TRANSITIONS:
        for source in t.sources:
            label = f"{t.name} ({t.actor}{'; ' + t.guard if t.guard else ''})"
            if conditions := t.conditions(source):
                label += f" [{', '.join(conditions)}]"
            lines.append(f"    {source} --> {t.target}: {label}")
    for final in (S.COMPLETED, S.DECLINED, S.RESCINDED):
        lines.append(f"    {final.value} --> [*]")
    return "\n".join(lines) + "\n"


def roles_table() -> str:
    """Who may act at each transition, as a Markdown table (docs/programs.md embeds it)."""
    lines = ["| transition | who acts by default | a program may choose |", "|---|---|---|"]
    for t in TRANSITIONS:
        lines.append(f"| `{t.name}` | {t.actor} | {', '.join(f'`{r}`' for r in t.role_choices)} |")
    lines.append("")
    lines.append("| optional stage | statuses |")
    lines.append("|---|---|")
    for stage, statuses in OPTIONAL_STAGES.items():
        lines.append(f"| `{stage}` | {', '.join(f'`{s}`' for s in statuses)} |")
    return "\n".join(lines) + "\n"
