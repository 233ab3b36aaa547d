"""Reads of the programs module. Every list starts from a policy filter and has a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import ngettext

from statewide.core.permissions import Actor, access
from statewide.core.textdiff import word_diff
from statewide.places.models import Jurisdiction
from statewide.programs.models import (
    AnnualReport,
    Application,
    Attachment,
    Comment,
    Decision,
    FlexibilityRequest,
    IndicatorValue,
    Program,
    ReviewAssignment,
    Rule,
    Score,
)
from statewide.programs.permissions import (
    application_policy,
    assignment_policy,
    attachment_policy,
    comment_policy,
    decision_policy,
    program_policy,
    report_policy,
)
from statewide.programs.workflow import Status


def program_list(user: Actor, *, state: str | None = None) -> QuerySet[Program]:
    qs = (
        program_policy.filter(user, "view")
        .select_related("jurisdiction")
        .annotate(n_applications=Count("applications", filter=~Q(applications__status=Status.DRAFT)))
        .order_by("jurisdiction__usps", "name", "pk")  # Meta.ordering is dropped from aggregating queries: pages stay stable
    )
    return qs.filter(jurisdiction__usps=state) if state else qs


def program_get(user: Actor, public_id: Any, *, action: str = "view") -> Program:
    return access(program_policy, user, action=action, queryset=Program.objects.select_related("jurisdiction"), public_id=public_id)


def program_creatable_states(user: Actor) -> QuerySet[Jurisdiction]:
    return program_policy.creatable_states(user, Jurisdiction.objects.order_by("name"))


def application_list(user: Actor, *, program: Program | None = None, status: str | None = None) -> QuerySet[Application]:
    qs = application_policy.filter(user, "view").select_related("program__jurisdiction", "organisation").prefetch_related("schools")
    if program is not None:
        qs = qs.filter(program=program)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def application_get(user: Actor, public_id: Any, *, action: str = "view") -> Application:
    qs = Application.objects.select_related("program__jurisdiction", "organisation__jurisdiction").prefetch_related("schools")
    return access(application_policy, user, action=action, queryset=qs, public_id=public_id)


def application_can(user: Actor, action: str, application: Application) -> bool:
    return application_policy.can(user, action, application)


def registry_list(*, state: str | None = None) -> QuerySet[Application]:
    """The public registry: participating applications of public programs, with their approved flexibilities."""
    flex = Prefetch("flexibilities", queryset=FlexibilityRequest.objects.filter(approved=True).select_related("rule"), to_attr="approved_flexibilities")
    qs = application_policy.filter(None, "registry").select_related("program__jurisdiction", "organisation").prefetch_related(flex, "schools")
    if state:
        qs = qs.filter(program__jurisdiction__usps=state)
    return qs.order_by("organisation__name", "pk")


def public_decisions(*, state: str | None = None) -> QuerySet[Decision]:
    qs = decision_policy.filter(None, "view").select_related("application__organisation", "application__program__jurisdiction")
    if state:
        qs = qs.filter(application__program__jurisdiction__usps=state)
    return qs.order_by("-decided_at", "-pk")


def decision_list(user: Actor, application: Application | None = None) -> QuerySet[Decision]:
    qs = (
        decision_policy.filter(user, "view")
        .select_related("application__organisation", "application__program__jurisdiction")
        .prefetch_related("approvals__approver")
    )
    return qs.filter(application=application) if application is not None else qs


def decision_get(user: Actor, public_id: Any, application_id: Any) -> Decision:
    return access(
        decision_policy,
        user,
        queryset=Decision.objects.filter(application__public_id=application_id).select_related(
            "application__program__jurisdiction", "application__organisation"
        ),
        public_id=public_id,
    )


def comment_list(user: Actor, application: Application) -> QuerySet[Comment]:
    return comment_policy.filter(user, "view").filter(application=application).select_related("author")


def assignment_list(user: Actor, application: Application) -> QuerySet[ReviewAssignment]:
    scores = Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    return assignment_policy.filter(user, "view").filter(application=application).select_related("reviewer").prefetch_related(scores)


def assignment_mine(user: Actor, application: Application) -> ReviewAssignment | None:
    return assignment_policy.filter(user, "score").filter(application=application).select_related("application__program__jurisdiction").first()


def assignments_to_score(user: Actor) -> QuerySet[ReviewAssignment]:
    qs = assignment_policy.filter(user, "score").filter(submitted_at__isnull=True).select_related("application__organisation", "application__program")
    return qs.order_by("created_at", "pk")


def report_list(user: Actor, *, application: Application | None = None, program: Program | None = None) -> QuerySet[AnnualReport]:
    qs = report_policy.filter(user, "view").select_related("application__organisation", "application__program__jurisdiction")
    if application is not None:
        qs = qs.filter(application=application)
    if program is not None:
        qs = qs.filter(application__program=program)
    return qs.order_by("-submitted_at", "-pk")


@dataclass
class ReviewSummary:
    """The reviews of one application: hidden from a reviewer until they have scored (independent scoring)."""

    revealed: bool
    assignments: list[ReviewAssignment]
    totals: dict[int, int]  # assignment id -> weighted total
    spread: int
    flagged: bool


def review_summary(user: Actor, application: Application) -> ReviewSummary:
    assignments = list(assignment_list(user, application))
    mine = next((a for a in assignments if a.reviewer_id == getattr(user, "pk", None)), None)
    manager = application_policy.can(user, "manage", application)
    revealed = manager or (mine is not None and mine.submitted_at is not None)
    totals = {a.pk: sum(s.level * s.criterion.weight for s in a.scores.all()) for a in assignments if a.submitted_at}
    spread = (max(totals.values()) - min(totals.values())) if len(totals) > 1 else 0
    shown = assignments if revealed else [a for a in assignments if a.pk == getattr(mine, "pk", None)]
    return ReviewSummary(revealed, shown, totals, spread, spread >= application.program.spread_threshold)


@dataclass
class DashboardRow:
    application: Application
    next_deadline: tuple[str, dt.date] | None
    indicators: list[tuple[str, Decimal, Decimal, Decimal | None]]  # name, baseline, target, latest value


def next_deadline(app: Application, today: dt.date) -> tuple[str, dt.date] | None:
    """What the district must do next, and by when (None: nothing with a date)."""
    program = app.program
    if app.status == Status.DRAFT and program.closes_on:
        return ("application", program.closes_on)
    if app.status == Status.CONDITIONAL and app.plan_due:
        return ("plan", app.plan_due)
    if app.status in (Status.APPROVED, Status.AMENDMENT_SUBMITTED) and app.term_end:
        if app.term_end - today <= dt.timedelta(days=program.renewal_window_days):
            return ("renewal", app.term_end)
        due = dt.date(today.year, program.report_due_month, program.report_due_day)
        return ("report", due if due >= today else dt.date(today.year + 1, program.report_due_month, program.report_due_day))
    return None


def dashboard_applications(user: Actor, program: Program) -> QuerySet[Application]:
    """The participants a dashboard lists (every submitted application), with indicators and values prefetched."""
    values = Prefetch("indicators__values", queryset=IndicatorValue.objects.select_related("report").order_by("report__year"))
    return application_list(user, program=program).exclude(status=Status.DRAFT).prefetch_related("indicators", values)


def dashboard_rows(applications: Any, today: dt.date) -> list[DashboardRow]:
    """Stage, next deadline and indicators against targets per application (queries fixed by the prefetch)."""
    rows = []
    for app in applications:
        indicators = []
        for ind in app.indicators.all():
            latest = [v.value for v in ind.values.all()]
            indicators.append((ind.name, ind.baseline, ind.target, latest[-1] if latest else None))
        rows.append(DashboardRow(app, next_deadline(app, today), indicators))
    return rows


def program_dashboard(user: Actor, program: Program, today: dt.date) -> list[DashboardRow]:
    """Every participant's row (exports): 4 queries, however many participants."""
    return dashboard_rows(dashboard_applications(user, program), today)


def applying_organisations(user: Actor, program: Program) -> QuerySet[Any]:
    """The organizations of the program's state on whose behalf the user may apply."""
    from statewide.places.models import Organisation  # noqa: PLC0415

    where = application_policy.creatable(user)
    qs = Organisation.objects.filter(jurisdiction=program.jurisdiction, kind="district").order_by("name")
    return qs if where.anywhere else qs.filter(pk__in=where.orgs)


def reviewer_choices(program: Program) -> QuerySet[Any]:
    """People who are state staff (admins or reviewers) of the program's state."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from statewide.accounts.models import Role  # noqa: PLC0415

    roles = (Role.STATE_ADMIN, Role.STATE_REVIEWER)
    return (
        get_user_model()
        .objects.filter(memberships__role__in=roles, memberships__organisation__jurisdiction=program.jurisdiction, is_active=True)
        .distinct()
        .order_by("email")
    )


def attachment_get(user: Actor, application_id: Any, public_id: Any) -> Attachment:
    """A file the user may see: their application's, or a public report's evidence."""
    return access(attachment_policy, user, queryset=Attachment.objects.filter(application__public_id=application_id), public_id=public_id)


def plan_versions(application: Application) -> list[Any]:
    return list(application.plan_versions.order_by("number"))


def plan_history(application: Application) -> list[dict[str, Any]]:
    """Every plan version with the word-level diff from the version before it (amendments)."""
    versions = plan_versions(application)
    return [{"version": v, "diff": word_diff(versions[i - 1].text, v.text) if i else None} for i, v in enumerate(versions)]


def application_parts(application: Application) -> dict[str, Any]:
    """The parts of an application shown on its page (a fixed number of queries)."""
    return {
        "assurances": list(application.program.assurances.all()),
        "affirmed": set(application.affirmed.values_list("pk", flat=True)),
        "flexibilities": list(application.flexibilities.select_related("rule")),
        "indicators": list(application.indicators.all()),
        "versions": plan_history(application),
        "attachments": list(application.attachments.order_by("created_at")),
        "criteria": list(application.program.criteria.all()),
        "rules": list(application.program.rules.all()),
    }


def registry_get(public_id: Any) -> Application:
    """One participant of the public registry (404 for anything else)."""
    try:
        return registry_list().get(public_id=public_id)
    except (Application.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def jurisdiction_get(usps: str) -> Jurisdiction:
    try:
        return Jurisdiction.objects.get(usps=usps.upper())
    except Jurisdiction.DoesNotExist as exc:
        raise Http404 from exc


def program_parts(program: Program) -> dict[str, Any]:
    return {"assurances": list(program.assurances.all()), "criteria": list(program.criteria.all()), "rules": list(program.rules.all())}


def public_programs(*, state: str | None = None) -> QuerySet[Program]:
    """Public programs, each with its registry participants (and their approved flexibilities) prefetched."""
    participants = Prefetch("applications", queryset=registry_list(), to_attr="participants")
    qs = program_policy.filter(None, "view").select_related("jurisdiction").prefetch_related(participants)
    return qs.filter(jurisdiction__usps=state.upper()) if state else qs


def rule_by_code(application: Application, code: str) -> Any:
    """A rule of the application's program catalog, or None."""
    return application.program.rules.filter(code=code).first()


def applicant_next_steps(user: Actor, today: dt.date) -> list[tuple[Application, tuple[str, dt.date] | None]]:
    """My work for a district lead: their organizations' open applications, soonest deadline first."""
    closed = (Status.COMPLETED, Status.DECLINED, Status.RESCINDED)
    apps = application_policy.filter(user, "apply").exclude(status__in=closed).select_related("program__jurisdiction", "organisation")
    rows = [(a, next_deadline(a, today)) for a in apps.order_by("-created_at")[:200]]
    return sorted(rows, key=lambda r: (r[1] is None, r[1][1] if r[1] else today))


def program_part_get(program: Program, kind: str, key: Any) -> Any:
    """One rule (by code), criterion or assurance (by its place, from 1) of a program, or 404."""
    try:
        if kind == "rule":
            return program.rules.get(code=key)
        items = list((program.criteria if kind == "criterion" else program.assurances).all())
        if not 1 <= int(key) <= len(items):
            raise Http404
        return items[int(key) - 1]
    except (ValueError, Rule.DoesNotExist) as exc:
        raise Http404 from exc


def registry_places(state: str, *, limit: int = 2000) -> tuple[list[tuple[str, float, float]], int]:
    """The state's participating organizations with a location (name, longitude, latitude), and how many have none."""
    qs = registry_list(state=state).prefetch_related(None).order_by("organisation__name")
    rows = list(qs.values_list("organisation__name", "organisation__longitude", "organisation__latitude").distinct()[:limit])
    placed = [(name, float(lon), float(lat)) for name, lon, lat in rows if lon is not None and lat is not None]
    return placed, len(rows) - len(placed)


PART_KINDS = ("criterion", "assurance", "rule")


def part_key(kind: str, item: Any, index: int) -> str:
    """How pages and the API name a part: a rule by its code, a criterion or assurance by its place (from 1)."""
    return str(item.code) if kind == "rule" else str(index + 1)


def part_items(program: Program, kind: str) -> list[Any]:
    """A program's criteria, assurances or rules, in their order."""
    if kind == "criterion":
        return list(program.criteria.all())
    if kind == "assurance":
        return list(program.assurances.all())
    return list(program.rules.all())


# Per kind of part: what uses it (a manager, and the column naming the part).
_USES: dict[str, tuple[Any, str]] = {
    "criterion": (Score.objects, "criterion_id"),
    "assurance": (Application.affirmed.through.objects, "assurance_id"),
    "rule": (FlexibilityRequest.objects, "rule_id"),
}


def _use_text(kind: str, n: int) -> str:
    if kind == "criterion":
        return ngettext("reviewers gave it %(n)s score", "reviewers gave it %(n)s scores", n) % {"n": n}
    if kind == "assurance":
        return ngettext("%(n)s application affirmed it", "%(n)s applications affirmed it", n) % {"n": n}
    return ngettext("%(n)s application requested it", "%(n)s applications requested it", n) % {"n": n}


def part_uses(kind: str, items: list[Any]) -> dict[int, str]:
    """Item pk -> why it is in use (one query)."""
    manager, column = _USES[kind]
    qs: QuerySet[Any] = manager.filter(**{f"{column}__in": [i.pk for i in items]})
    counts: list[tuple[int, int]] = list(qs.values(column).annotate(n=Count("pk")).values_list(column, "n"))
    return {pk: _use_text(kind, n) for pk, n in counts}


def parts_in_use(program: Program) -> dict[str, dict[int, str]]:
    """Per kind, the parts in use and why (the settings page marks them): six queries."""
    return {kind: part_uses(kind, part_items(program, kind)) for kind in PART_KINDS}


def district_schools(organisation: Any, nces_ids: list[str]) -> tuple[list[Any], list[str]]:
    """The district's schools with these NCES ids, and the ids that are not its schools."""
    from statewide.places.models import School  # noqa: PLC0415

    found = list(School.objects.filter(district=organisation, nces_id__in=nces_ids))
    known = {s.nces_id for s in found}
    return found, [i for i in nces_ids if i not in known]


def participating_district_ids(state: str) -> set[int]:
    """The districts taking part in a public innovation program of the state (approved or active), for the insights dashboards."""
    return set(registry_list(state=state).prefetch_related(None).filter(organisation__kind="district").values_list("organisation_id", flat=True))
