"""Who may see and act on programs and applications, written once (pages, API, exports and services ask these).

* A program: everyone sees a public program; its state's staff see any; its state's admins manage it.
* An application: the applying organization's district leads ("apply"), and its state's staff
  (admins and reviewers) once it is no longer a draft. A reviewer of one state sees nothing of another.
  Deciding is the state's admins' — or the applicant's own (its board's vote) where the program names it
  (its stages' "who acts", `may_take` below).
* The public registry ("registry") is the participating applications of public programs: never a
  draft, an application under review, or a declined one.
* Scoring: only the assigned reviewer, and only in a state where they are state staff.
"""

from __future__ import annotations

from django.db.models import Q

from statewide.core.permissions import ANYWHERE, EVERYONE, NOBODY, NOWHERE, Actor, Creatable, Policy, Principal, in_states
from statewide.programs.models import AnnualReport, Application, Attachment, Comment, Decision, Program, ReviewAssignment, Visibility
from statewide.programs.workflow import PARTICIPATING, ROLE_APPLICANT, ROLE_STATE_ADMIN, ROLE_STATE_STAFF, Status, Transition, available, who_acts

PUBLIC_DECISIONS = ("conditionally_approve", "approve", "approve_amendment", "rescind", "renew")


def _staff(p: Principal, prefix: str = "") -> Q:
    if p.is_operator:
        return EVERYONE
    states = p.state_staff_states
    return Q(**{f"{prefix}jurisdiction__usps__in": states}) if states else NOBODY


def _admins(p: Principal, prefix: str = "") -> Q:
    if p.is_operator:
        return EVERYONE
    return Q(**{f"{prefix}jurisdiction__usps__in": p.admin_states}) if p.admin_states else NOBODY


def _program_view(p: Principal) -> Q:
    return EVERYONE if p.is_operator else Q(is_public=True) | _staff(p)


program_policy: Policy[Program] = Policy(
    Program,
    {"view": _program_view, "manage": _admins},
    create=lambda p: ANYWHERE if p.is_operator else in_states(p.admin_states),
)


def _leads(p: Principal, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organisation__in": p.lead_orgs}) if p.lead_orgs else NOBODY


def _or(*qs: Q) -> Q:
    kept = [q for q in qs if q != NOBODY]
    if any(q == EVERYONE for q in kept):
        return EVERYONE
    if not kept:
        return NOBODY
    out = kept[0]
    for q in kept[1:]:
        out |= q
    return out


def _app_staff(p: Principal, prefix: str = "") -> Q:
    staff = _staff(p, f"{prefix}program__")
    if staff in (EVERYONE, NOBODY):
        return staff
    return staff & ~Q(**{f"{prefix}status": Status.DRAFT})


def _app_view(p: Principal, prefix: str = "") -> Q:
    return _or(_leads(p, prefix), _app_staff(p, prefix))


def _decide(p: Principal) -> Q:
    """Who may take some decision: the state's admins, and the applicant's leads (a program may name the
    applicant's board for a decision). Which decision each may take is the program's (workflow.who_acts,
    checked by the services)."""
    if p.is_operator:
        return EVERYONE
    state = Q(program__jurisdiction__usps__in=p.admin_states) if p.admin_states else NOBODY
    local = _leads(p)
    return _or(state, local)


def _registry(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": PARTICIPATING, f"{prefix}program__is_public": True})


application_policy: Policy[Application] = Policy(
    Application,
    {
        "view": _app_view,
        "apply": lambda p: _leads(p),
        "manage": lambda p: _admins(p, "program__"),
        "review": lambda p: _app_staff(p),
        "decide": _decide,
        "registry": lambda p: _registry(),
    },
    # Applying on behalf of an organization: its district leads (operators anywhere).
    create=lambda p: ANYWHERE if p.is_operator else (Creatable(orgs=p.lead_orgs) if p.lead_orgs else NOWHERE),
)


def _score(p: Principal) -> Q:
    if not p.is_authenticated:
        return NOBODY
    states = p.state_staff_states
    if not states:
        return NOBODY
    return Q(reviewer_id=p.user_id, application__program__jurisdiction__usps__in=states)


assignment_policy: Policy[ReviewAssignment] = Policy(
    ReviewAssignment,
    {"view": lambda p: _app_staff(p, "application__"), "score": _score},
    create=lambda p: ANYWHERE if p.is_operator else in_states(p.admin_states),
)


def _comment_view(p: Principal) -> Q:
    applicant = _leads(p, "application__")
    if applicant not in (NOBODY, EVERYONE):
        applicant &= Q(visibility=Visibility.APPLICANT)
    return _or(applicant, _app_staff(p, "application__"))


comment_policy: Policy[Comment] = Policy(Comment, {"view": _comment_view}, create=lambda p: ANYWHERE if p.is_operator else in_states(p.state_staff_states))


def _decision_view(p: Principal) -> Q:
    public = Q(decided_at__isnull=False, kind__in=PUBLIC_DECISIONS) & _registry("application__")
    return _or(public, _app_view(p, "application__"))


decision_policy: Policy[Decision] = Policy(
    Decision, {"view": _decision_view, "approve": lambda p: Q(approvals__approver_id=p.user_id) if p.is_authenticated else NOBODY}
)


def _report_view(p: Principal) -> Q:
    public = Q(is_public=True, submitted_at__isnull=False) & _registry("application__")
    return _or(public, _app_view(p, "application__"))


report_policy: Policy[AnnualReport] = Policy(AnnualReport, {"view": _report_view})

attachment_policy: Policy[Attachment] = Policy(
    Attachment,
    {"view": lambda p: _or(_app_view(p, "application__"), Q(report__is_public=True, report__submitted_at__isnull=False) & _registry("application__"))},
)


# The policy action each role of workflow.ROLE_CHOICES stands for.
ACTION_OF = {ROLE_APPLICANT: "apply", ROLE_STATE_ADMIN: "manage", ROLE_STATE_STAFF: "review"}


def may_take(actor: Actor | None, app: Application, transition: Transition) -> bool:
    """Whether `actor` holds the role the application's program names for `transition` (its stages' "who acts")."""
    program = app.program
    return application_policy.can(actor, ACTION_OF[who_acts(transition, program.actors or {}, program.decider)], app)


def transitions_open_to(actor: Actor | None, app: Application) -> list[Transition]:
    """The transitions the application may take now in its program that `actor` may take."""
    return [t for t in available(app.status, app.program.skipped_stages or []) if may_take(actor, app, t)]
