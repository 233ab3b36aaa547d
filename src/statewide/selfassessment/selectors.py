"""Reads of the self-assessment module, each starting from the campaign policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from statewide.core.permissions import access
from statewide.frameworks.models import Descriptor, Framework, Item, Level
from statewide.places.models import Jurisdiction
from statewide.selfassessment.models import Campaign, CampaignStatus, ConsensusDecision, Respondent, RoadmapEntry, StakeholderGroup
from statewide.selfassessment.permissions import campaign_policy
from statewide.selfassessment.results import NOT_STARTED, Step, campaign_levels, campaign_results


def campaign_list(user: Any) -> QuerySet[Campaign]:
    return (
        campaign_policy.filter(user, "view")
        .select_related("jurisdiction", "framework")
        .annotate(n_submitted=Count("respondents", filter=Q(respondents__submitted_at__isnull=False)))
        .order_by("-opens_on", "-id")
    )


def campaign_creatable_states(user: Any) -> QuerySet[Jurisdiction]:
    """The states where the user may start a campaign, by name."""
    return campaign_policy.creatable_states(user, Jurisdiction.objects.order_by("name"))


def decisions_of(campaign: Campaign) -> dict[int, ConsensusDecision]:
    return {d.item_id: d for d in ConsensusDecision.objects.filter(campaign=campaign).select_related("level")}


@dataclass
class RoadmapRow:
    entry: RoadmapEntry
    agreed: Level | None
    next_level: Level | None
    goals: list[Descriptor] = field(default_factory=list)
    actions: list[Descriptor] = field(default_factory=list)
    questions: list[Descriptor] = field(default_factory=list)

    @property
    def at_last_phase(self) -> bool:
        return self.agreed is not None and self.next_level is None


def _next_level(levels: list[Level], agreed: Level | None) -> Level | None:
    if agreed is None:
        return levels[0] if levels else None
    later = [lv for lv in levels if lv.position > agreed.position]
    return later[0] if later else None


def roadmap_rows(campaign: Campaign) -> list[RoadmapRow]:
    """Agreed priorities with the next phase's goal, actions and strategic question from the framework."""
    levels = campaign_levels(campaign)
    decisions = decisions_of(campaign)
    entries = list(
        RoadmapEntry.objects.filter(campaign=campaign, item_id__in=[i for i, d in decisions.items() if d.is_priority])
        .select_related("item")
        .order_by("item__position")
    )
    rows = [RoadmapRow(e, decisions[e.item_id].level, _next_level(levels, decisions[e.item_id].level)) for e in entries]
    wanted = Q(pk__in=[])
    for r in rows:
        if r.next_level is not None:
            wanted |= Q(item_id=r.entry.item_id, level_id=r.next_level.pk)
    by_slot: dict[tuple[int, int], list[Descriptor]] = {}
    for d in Descriptor.objects.filter(wanted).order_by("position"):
        by_slot.setdefault((d.item_id, d.level_id), []).append(d)
    for r in rows:
        if r.next_level is None:
            continue
        ds = by_slot.get((r.entry.item_id, r.next_level.pk), [])
        r.goals = [d for d in ds if d.kind == "goal"]
        r.actions = [d for d in ds if d.kind == "action"]
        r.questions = [d for d in ds if d.kind == "strategic_question"]
    return rows


@dataclass
class Movement:
    item: Item
    earlier: Step | None
    later: Step | None
    earlier_source: str
    later_source: str

    @property
    def change(self) -> int | None:
        if self.earlier is None or self.later is None:
            return None
        return self.later.position - self.earlier.position


def _profile(campaign: Campaign) -> dict[str, tuple[Item, Step | None, str]]:
    """Per condition code: the agreed phase if recorded ("not yet started" included), else the median."""
    decisions = decisions_of(campaign)
    results = campaign_results(campaign)
    out: dict[str, tuple[Item, Step | None, str]] = {}
    for c in results.conditions:
        d = decisions.get(c.item.pk)
        if d is not None:
            out[c.item.code] = (c.item, d.level or NOT_STARTED, str(_("agreed")))
        else:
            out[c.item.code] = (c.item, c.median, str(_("median")))
    return out


def rounds_compare(earlier: Campaign, later: Campaign) -> list[Movement]:
    a, b = _profile(earlier), _profile(later)
    rows = []
    for code, (item, lvl, src) in b.items():
        prev = a.get(code)
        rows.append(Movement(item, prev[1] if prev else None, lvl, prev[2] if prev else "", src))
    return rows


def earlier_campaigns(user: Any, campaign: Campaign) -> QuerySet[Campaign]:
    return (
        campaign_policy.filter(user, "view")
        .filter(jurisdiction=campaign.jurisdiction, framework=campaign.framework, opens_on__lte=campaign.opens_on)
        .exclude(pk=campaign.pk)
    )


def descriptors_by_item(items: list[Item]) -> dict[int, list[Descriptor]]:
    out: dict[int, list[Descriptor]] = {}
    for d in Descriptor.objects.filter(item__in=items).select_related("level").order_by("level__position", "kind", "position"):
        out.setdefault(d.item_id, []).append(d)
    return out


def campaign_get(user: Any, public_id: Any, action: str = "view") -> Campaign:
    """One campaign the user may see (404 otherwise), with the action checked (403)."""
    qs = Campaign.objects.select_related("jurisdiction", "framework")
    return access(campaign_policy, user, action=action, queryset=qs, public_id=public_id)


def campaign_submitted_count(campaign: Campaign) -> int:
    return Respondent.objects.filter(campaign=campaign, submitted_at__isnull=False).count()


def framework_by_slug(slug: str) -> Framework:
    return Framework.objects.get(slug=slug)


def roadmap_entry_get(campaign: Campaign, code: str) -> RoadmapEntry:
    """A roadmap entry by its condition's code (unique in a campaign; no database key in the URL)."""
    try:
        return RoadmapEntry.objects.select_related("item", "campaign__jurisdiction").get(campaign=campaign, item__code=code)
    except RoadmapEntry.DoesNotExist as exc:
        raise Http404 from exc


def group_by_token(token: str) -> StakeholderGroup:
    """A group by its invitation-link token (the link is the permission); 404 for an unknown token."""
    try:
        return StakeholderGroup.objects.select_related("campaign__jurisdiction").get(token=token)
    except StakeholderGroup.DoesNotExist as exc:
        raise Http404 from exc


def respondent_by_token(token: str) -> Respondent:
    """A respondent by their private resume-link token; 404 for an unknown token."""
    try:
        return Respondent.objects.select_related("campaign__jurisdiction", "campaign__framework", "group").get(token=token)
    except Respondent.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class BaselinePreview:
    """What adopting a campaign as the baseline means: conditions still unrecorded, and what it replaces."""

    unrecorded: list[Item]
    recorded: int
    total: int
    replaces: Campaign | None


def baseline_preview(campaign: Campaign) -> BaselinePreview:
    conditions = list(campaign.conditions.order_by("position", "id"))
    decided = set(ConsensusDecision.objects.filter(campaign=campaign).values_list("item_id", flat=True))
    current = Campaign.objects.filter(jurisdiction_id=campaign.jurisdiction_id, is_baseline=True).exclude(pk=campaign.pk).first()
    return BaselinePreview(
        unrecorded=[c for c in conditions if c.pk not in decided],
        recorded=sum(1 for c in conditions if c.pk in decided),
        total=len(conditions),
        replaces=current,
    )


@dataclass(frozen=True)
class AgreedPosition:
    """One condition's agreed phase in one closed round of the state (for the insights dashboards)."""

    campaign_title: str
    closes_on: Any
    is_baseline: bool
    condition: str
    condition_position: int
    phase: str | None  # None: agreed as "not started"
    phase_position: int  # 0 for "not started"


def state_agreed_positions(jurisdiction: Jurisdiction) -> list[AgreedPosition]:
    """The state's agreed phase per condition in every closed round, oldest round first (one query).

    Only the consensus the state recorded is read: never a respondent's answer, so no small-count
    suppression applies."""
    rows = (
        ConsensusDecision.objects.filter(campaign__jurisdiction=jurisdiction, campaign__status=CampaignStatus.CLOSED)
        .select_related("campaign", "item", "level")
        .order_by("campaign__closes_on", "campaign_id", "item__position", "item_id")
    )
    return [
        AgreedPosition(
            d.campaign.title,
            d.campaign.closes_on,
            d.campaign.is_baseline,
            d.item.name,
            d.item.position,
            d.level.name if d.level else None,
            d.level.position if d.level else 0,
        )
        for d in rows
    ]


def states_with_agreed_positions() -> set[str]:
    """USPS codes of the states with a closed round that recorded consensus."""
    rows = ConsensusDecision.objects.filter(campaign__status=CampaignStatus.CLOSED).values_list("campaign__jurisdiction__usps", flat=True).distinct()
    return set(rows)


def state_phase_names(jurisdiction: Jurisdiction) -> list[str]:
    """The phases of the framework of the state's latest closed round, in order (one query; empty without one)."""
    latest = Campaign.objects.filter(jurisdiction=jurisdiction, status=CampaignStatus.CLOSED).order_by("-closes_on", "-id").values("framework_id")[:1]
    return list(Level.objects.filter(framework_id__in=latest).order_by("position", "id").values_list("name", flat=True))
