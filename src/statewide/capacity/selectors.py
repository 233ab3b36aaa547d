"""Reads of the local-capacity module. Each starts from a policy filter; lists have a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from statewide.accounts.models import User
from statewide.accounts.selectors import organisation_members, user_memberships
from statewide.capacity.instrument import DEFAULT_TIERS
from statewide.capacity.matching import match_supports
from statewide.capacity.mentors import YEAR, History, Mentor, rank_mentors
from statewide.capacity.models import (
    Answer,
    MembershipStatus,
    Network,
    NetworkMember,
    Partnership,
    ReadinessInstrument,
    ReadinessRound,
    Resource,
    RoundStatus,
    Support,
    SupportAttendance,
    SupportInterest,
    TaRequest,
    TaStatus,
    TierScheme,
)
from statewide.capacity.permissions import network_policy, resource_policy, round_policy, support_policy, ta_policy
from statewide.capacity.scoring import Tier, tiers_from_data
from statewide.core.permissions import SYSTEM, access
from statewide.frameworks.models import Item
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind
from statewide.places.selectors import latest_enrollment

STRATEGY_FRAMEWORK = "aurora-local-capacity-2016"


@dataclass(frozen=True)
class StateSettings:
    tiers: list[Tier]
    tier_data: list[dict[str, Any]]
    is_default: bool
    mentors_across_states: bool
    ta_response_days: int
    ta_resolution_days: int


def usps_of(district: Organisation) -> str:
    """The USPS code of a district's state ("" for an organization without one)."""
    return district.jurisdiction.usps if district.jurisdiction else ""


def state_settings(jurisdiction: Jurisdiction | None) -> StateSettings:
    """The state's tier scheme and targets, or the defaults (New Hampshire's three tiers)."""
    scheme = TierScheme.objects.filter(jurisdiction=jurisdiction).first() if jurisdiction else None
    if scheme is None:
        return StateSettings(tiers_from_data(DEFAULT_TIERS), DEFAULT_TIERS, True, False, 5, 45)
    return StateSettings(tiers_from_data(scheme.tiers), scheme.tiers, False, scheme.mentors_across_states, scheme.ta_response_days, scheme.ta_resolution_days)


def instrument_current(slug: str = "district-readiness") -> ReadinessInstrument:
    """The newest version (404 before `statewide load-frameworks` has stored it)."""
    found = ReadinessInstrument.objects.filter(slug=slug).order_by("-version").first()
    if found is None:
        raise Http404
    return found


def strategies() -> list[Item]:
    """The six capacity strategies: the items of the Aurora capacity framework pack (never a second copy)."""
    return list(Item.objects.filter(framework__slug=STRATEGY_FRAMEWORK, kind="state_strategy").select_related("framework").order_by("position", "id"))


def strategy_names() -> dict[str, str]:
    return {i.code: i.name for i in strategies()}


def district_get(leaid: str) -> Organisation:
    return Organisation.objects.select_related("jurisdiction").get(kind=OrganisationKind.DISTRICT, nces_leaid=leaid)


def district_members(district: Organisation) -> QuerySet[Any]:
    """People holding a role in the district (whom the lead may invite to a round's team)."""
    return organisation_members(SYSTEM, district)


def round_list(user: Any, district: Organisation | None = None) -> QuerySet[ReadinessRound]:
    qs = round_policy.filter(user).select_related("district__jurisdiction", "instrument")
    return qs.filter(district=district) if district is not None else qs


def round_get(user: Any, public_id: Any) -> ReadinessRound:
    return access(round_policy, user, queryset=round_list(user).prefetch_related(Prefetch("team__user"), Prefetch("answers")), public_id=public_id)


def round_answers(rnd: ReadinessRound) -> dict[str, Answer]:
    return {a.item_code: a for a in rnd.answers.all()}


def submitted_rounds(district: Organisation) -> list[ReadinessRound]:
    """A district's submitted rounds, oldest first (the progress chart). Not filtered: callers check `view`."""
    return list(ReadinessRound.objects.filter(district=district, status=RoundStatus.SUBMITTED).order_by("submitted_at", "id"))


def latest_result(district: Organisation) -> ReadinessRound | None:
    return ReadinessRound.objects.filter(district=district, status=RoundStatus.SUBMITTED).order_by("-submitted_at", "-id").first()


def _latest_tiered(district: Any) -> QuerySet[ReadinessRound]:
    """The district's submitted rounds with a tier, latest first (a correlated subquery on the `round_district_status` index)."""
    return ReadinessRound.objects.filter(district=district, status=RoundStatus.SUBMITTED).exclude(tier_code="").order_by("-submitted_at", "-id")


def state_tier_counts(jurisdiction: Jurisdiction) -> list[tuple[str, int]]:
    """How many districts of the state sit in each tier (their latest submitted round), counted in the database."""
    rows = (
        ReadinessRound.objects.filter(district__jurisdiction=jurisdiction, district__kind=OrganisationKind.DISTRICT)
        .filter(pk=Subquery(_latest_tiered(OuterRef("district_id")).values("pk")[:1]))
        .values("tier_code")
        .annotate(n=Count("pk"))
        .order_by("tier_code")
    )
    return [(r["tier_code"], r["n"]) for r in rows]


def state_districts_by_tier(user: Any, jurisdiction: Jurisdiction) -> QuerySet[ReadinessRound]:
    """The submitted rounds of the state's districts the user may see (state staff), by district name, latest first.
    Reads only what the overview and the export show (not the instrument's definition, which each round would repeat)."""
    return (
        round_policy.filter(user)
        .filter(district__jurisdiction=jurisdiction, status=RoundStatus.SUBMITTED)
        .select_related("district")
        .only("public_id", "title", "submitted_at", "score", "tier_code", "result", "district__name", "district__nces_leaid")
        .order_by("district__name", "-submitted_at", "-id")
    )


def supports_with_state() -> QuerySet[Support]:
    """Supports with their state, for `access()` to look one up by public id."""
    return Support.objects.select_related("jurisdiction")


def support_list(user: Any, jurisdiction: Jurisdiction | None = None) -> QuerySet[Support]:
    # Each count in its own subquery: two joins in one GROUP BY would multiply interests by attendance rows.
    interests = SupportInterest.objects.filter(support=OuterRef("pk")).order_by().values("support").annotate(n=Count("pk")).values("n")
    attended = SupportAttendance.objects.filter(support=OuterRef("pk")).order_by().values("support").annotate(n=Count("district", distinct=True)).values("n")
    qs = support_policy.filter(user).select_related("jurisdiction")
    qs = qs.annotate(demand=Coalesce(Subquery(interests), 0), districts_attended=Coalesce(Subquery(attended), 0))
    return qs.filter(jurisdiction=jurisdiction) if jurisdiction is not None else qs


def support_attendance_days(support: Support) -> list[tuple[dt.date, list[str]]]:
    """The days the support took place, latest first, with the names of the districts that attended (one query)."""
    days: dict[dt.date, list[str]] = {}
    for day, name in SupportAttendance.objects.filter(support=support).order_by("-attended_on", "district__name").values_list("attended_on", "district__name"):
        days.setdefault(day, []).append(name)
    return list(days.items())


def support_attendance_choices(support: Support) -> list[tuple[str, str]]:
    """(LEAID, name) of the districts the attendance form offers: those that asked to join the support or already
    attended it, by name (one query)."""
    qs = Organisation.objects.filter(Q(support_interests__support=support) | Q(support_attendance__support=support), jurisdiction_id=support.jurisdiction_id)
    return [(leaid or "", name) for leaid, name in qs.exclude(nces_leaid="").order_by("name", "nces_leaid").values_list("nces_leaid", "name").distinct()]


def support_districts(support: Support, leaids: list[str]) -> list[Organisation]:
    """The support's state's districts with these LEAIDs (one query)."""
    return list(Organisation.objects.filter(jurisdiction_id=support.jurisdiction_id, nces_leaid__in=leaids, kind="district")) if leaids else []


def ta_list(user: Any, *, jurisdiction: Jurisdiction | None = None, district: Organisation | None = None, open_only: bool = False) -> QuerySet[TaRequest]:
    qs = ta_policy.filter(user).select_related("district__jurisdiction", "assignee", "requested_by")
    if jurisdiction is not None:
        qs = qs.filter(district__jurisdiction=jurisdiction)
    if district is not None:
        qs = qs.filter(district=district)
    if open_only:
        qs = qs.exclude(status=TaStatus.CLOSED)
    return qs


def ta_get(user: Any, public_id: Any) -> TaRequest:
    return access(ta_policy, user, queryset=ta_list(user).prefetch_related("notes__author"), public_id=public_id)


def district_profile(user: Any, district: Organisation) -> dict[str, Any]:
    """Everything the district profile shows. Public: the current tier and the supports catalog; the rest only
    to the district's members and its state's staff (`round_policy` / `ta_policy` decide)."""
    latest = latest_result(district)
    rounds = list(round_list(user, district).order_by("submitted_at", "id"))
    private = round_policy.can_create(user, org=district) or bool(rounds) or ta_policy.can_create(user, org=district)
    supports = list(support_list(user, district.jurisdiction).order_by("title"))
    result = latest.result if latest and (private or rounds) else None
    public_result: dict[str, Any] | None = (
        {"tier": latest.tier_code, "tier_name": (latest.result or {}).get("tier_name"), "weakest": [], "domains": []} if latest else None
    )
    return {
        "latest": latest,
        "rounds": rounds,
        "submitted": [r for r in rounds if r.status == RoundStatus.SUBMITTED],
        "open_round": next((r for r in rounds if r.status == RoundStatus.OPEN), None),
        "matches": match_supports(supports, result or public_result),
        "ta_requests": list(ta_list(user, district=district)[:20]),
        "private": private,
        "networks": list(district_networks(district)),
        "mentors": mentor_suggestions(district) if private else [],
        "interested": set(district.support_interests.values_list("support_id", flat=True)) if private else set(),
    }


def user_districts(user: Any) -> list[Organisation]:
    """The districts where the user holds a role (their own district pages)."""
    return [m.organisation for m in user_memberships(user) if m.organisation and m.organisation.kind == OrganisationKind.DISTRICT]


def staff_states(user: Any) -> list[Jurisdiction]:
    """The states where the user works for the state agency (state admins and reviewers)."""
    if not getattr(user, "is_authenticated", False):
        return []
    agencies = [m.organisation for m in user_memberships(user) if m.organisation and m.organisation.kind == OrganisationKind.STATE_AGENCY]
    return sorted({o.jurisdiction for o in agencies if o.jurisdiction}, key=lambda j: j.name)


@dataclass(frozen=True)
class TaTiming:
    response_hours: float | None
    resolution_days: float | None
    response_overdue: bool
    resolution_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.response_overdue or self.resolution_overdue


def ta_timing(request: TaRequest, settings: StateSettings, now: dt.datetime | None = None) -> TaTiming:
    """Response and resolution times of one request against the state's targets (open requests count to now)."""
    now = now or timezone.now()
    responded = request.first_response_at
    response_hours = (responded - request.created_at).total_seconds() / 3600 if responded else None
    response_overdue = (responded or now) - request.created_at > dt.timedelta(days=settings.ta_response_days)
    end = request.closed_at or now
    resolution_overdue = end - request.created_at > dt.timedelta(days=settings.ta_resolution_days)
    resolution_days = (request.closed_at - request.created_at).total_seconds() / 86400 if request.closed_at else None
    return TaTiming(response_hours, resolution_days, response_overdue, resolution_overdue)


def domain_titles(slug: str = "district-readiness") -> dict[str, str]:
    """Domain code -> title of the current instrument (empty before the instrument is loaded)."""
    instrument = ReadinessInstrument.objects.filter(slug=slug).order_by("-version").first()
    return {d["code"]: d["title"] for d in instrument.definition["domains"]} if instrument else {}


def state_staff_users(jurisdiction: Jurisdiction | None) -> QuerySet[Any]:
    """The state agency's admins and reviewers (the specialists a TA request can be assigned to)."""
    return (
        User.objects.filter(memberships__organisation__kind=OrganisationKind.STATE_AGENCY, memberships__organisation__jurisdiction=jurisdiction)
        .distinct()
        .order_by("email")
    )


def rounds_to_work_on(user: Any) -> QuerySet[ReadinessRound]:
    """My work (district leads and members): open rounds the user may answer or submit."""
    return round_policy.filter(user, "answer", round_list(user)).filter(status=RoundStatus.OPEN).distinct().order_by("-created_at")


def ta_to_handle(user: Any) -> QuerySet[TaRequest]:
    """My work (state staff): open requests they may manage, assigned to them or unassigned first, oldest first."""
    qs = ta_policy.filter(user, "manage", ta_list(user, open_only=True))
    return qs.order_by("created_at", "id")


def mentor_suggestions(district: Organisation, *, limit: int = 5) -> list[Mentor]:
    """Mentor districts for `district` with reasons (mentors.rank_mentors), from its state unless the state opts in.

    The database narrows the candidates first (a round in the district's current tier a year or more
    before its latest round, and a latest tier that is more ready: the `round_tier_submitted` index);
    only their rounds are read and ranked in Python, which checks every rule again."""
    settings = state_settings(district.jurisdiction)
    rank = {t.code: i for i, t in enumerate(settings.tiers)}
    names = {t.code: t.name for t in settings.tiers}
    fields = ("submitted_at", "tier_code", "district__name", "district__locale_code", "district__school_count",
              "district__nces_leaid", "district__jurisdiction__usps")  # fmt: skip
    own = list(_latest_tiered(district).select_related("district__jurisdiction").only(*fields).reverse())
    if not own or own[-1].tier_code not in rank or own[-1].submitted_at is None:
        return []
    tier, at = own[-1].tier_code, own[-1].submitted_at
    more_ready = [code for code, i in rank.items() if i > rank[tier]]
    earlier = ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED, tier_code=tier, submitted_at__lte=at - YEAR)
    if not settings.mentors_across_states:
        earlier = earlier.filter(district__jurisdiction=district.jurisdiction)
    candidates = (
        Organisation.objects.filter(pk__in=earlier.values("district_id"))
        .exclude(pk=district.pk)
        .annotate(now_tier=Subquery(_latest_tiered(OuterRef("pk")).values("tier_code")[:1]))
        .filter(now_tier__in=more_ready)
        .values("pk")
    )
    rows = (
        ReadinessRound.objects.filter(status=RoundStatus.SUBMITTED, district_id__in=candidates)
        .exclude(tier_code="")
        .select_related("district__jurisdiction")
        .only(*fields)
        .order_by("district_id", "submitted_at", "id")
    )
    histories: dict[int, History] = {}
    for r in [*own, *rows]:
        if r.submitted_at is not None:
            histories.setdefault(r.district_id, History(r.district, [])).rounds.append((r.submitted_at, r.tier_code, names.get(r.tier_code, r.tier_code)))
    for district_id, row in latest_enrollment(list(histories)).items():  # places' student data, latest year
        histories[district_id].district.poverty_share = row.economically_disadvantaged / row.all_students if row.all_students else None
    return rank_mentors(histories[district.pk], list(histories.values()), rank, limit=limit)


def network_list(jurisdiction: Jurisdiction) -> QuerySet[Network]:
    return Network.objects.filter(jurisdiction=jurisdiction).annotate(n_convenings=Count("convenings", distinct=True)).order_by("title", "id")


def network_get(public_id: Any) -> Network:
    return access(network_policy, None, queryset=Network.objects.select_related("jurisdiction"), public_id=public_id)


def network_detail(network: Network) -> dict[str, Any]:
    members = list(network.members.select_related("district").order_by("status", "updated_at", "id"))
    convenings = list(network.convenings.prefetch_related("attended").order_by("held_on", "id"))
    return {"members": members, "convenings": convenings, "member_districts": [m.district for m in members if m.status == MembershipStatus.MEMBER]}


def district_networks(district: Organisation) -> QuerySet[NetworkMember]:
    return NetworkMember.objects.filter(district=district).select_related("network").order_by("network__title")


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    kind: str = ""
    domain: str = ""
    tier: str = ""


def resource_list(user: Any, filters: ResourceFilters) -> QuerySet[Resource]:
    """The public library, searched (title, summary, source, audience) and filtered by type, domain and tier."""
    qs = resource_policy.filter(user).filter(withdrawn_on__isnull=True).order_by("title", "id")
    if filters.q.strip():
        q = filters.q.strip()
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(source__icontains=q) | Q(audience__icontains=q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    # JSON list membership, written so SQLite and PostgreSQL agree: a resource listing no domain/tier serves all.
    ids = None
    if filters.domain or filters.tier:
        ids = [r.pk for r in qs.only("pk", "domains", "tiers") if _serves(r.domains, filters.domain) and _serves(r.tiers, filters.tier)]
        qs = qs.filter(pk__in=ids)
    return qs


def _serves(values: list[str], wanted: str) -> bool:
    return not wanted or not values or wanted in values


def partnership_list() -> QuerySet[Partnership]:
    return Partnership.objects.order_by("name")


def with_public_tier(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Districts annotated with their public tier (`public_tier_code`, `public_tier_name`: latest submitted round), in the same query."""
    latest = ReadinessRound.objects.filter(district=OuterRef("pk"), status=RoundStatus.SUBMITTED).exclude(tier_code="").order_by("-submitted_at", "-id")
    return qs.annotate(
        public_tier_code=Subquery(latest.values("tier_code")[:1]),
        public_tier_name=Subquery(latest.annotate(name=KT("result__tier_name")).values("name")[:1]),
    )
