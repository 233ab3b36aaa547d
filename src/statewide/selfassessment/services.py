"""Writes of the self-assessment module. Each checks permission, runs atomically and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.audit import audit_record, snapshot
from statewide.core.cache import content_changed
from statewide.core.concurrency import edit_guard
from statewide.core.errors import ApplicationError
from statewide.core.permissions import ANONYMOUS_ACTOR, Actor, actor_user
from statewide.core.ratelimit import RateLimit
from statewide.core.text import instance_text_problems
from statewide.frameworks.models import Framework, Item, Level
from statewide.places.models import Jurisdiction
from statewide.selfassessment.models import (
    Campaign,
    CampaignStatus,
    ConsensusDecision,
    Rating,
    Respondent,
    RoadmapEntry,
    StakeholderGroup,
)
from statewide.selfassessment.permissions import campaign_policy
from statewide.selfassessment.results import responses_domain

MAX_PRIORITIES = 3
# Joins and saves per (client address, link) in ten minutes: enough for a respondent, too few for a script.
SUBMISSION_LIMIT = RateLimit("selfassessment-submit", limit=20, window_seconds=600)
CAMPAIGN_FIELDS = ("title", "status", "opens_on", "closes_on", "threshold", "is_baseline")


def _group_name_problems(names: Iterable[str]) -> list[str]:
    """What is wrong with each group name (control characters, longer than the column), refused
    rather than cut: "<the name's start>: <problem>"."""
    return [f"{n[:40]}: {msg}" for n in names for msg in instance_text_problems(StakeholderGroup(name=n)).get("name", [])]


def campaign_create(
    *,
    actor: Actor,
    jurisdiction: Jurisdiction,
    framework: Framework,
    conditions: Sequence[Item],
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    threshold: int,
    group_names: Iterable[str],
    is_demo: bool = False,
) -> Campaign:
    if not campaign_policy.can_create(actor, state=jurisdiction.usps):
        raise ApplicationError(_("You can run self-assessments only for your own state."), fields={"state": [_("Not your state.")]})
    if closes_on < opens_on:
        raise ApplicationError(_("The campaign must close after it opens."), fields={"closes_on": [_("Pick a later date.")]})
    if threshold < 2:
        raise ApplicationError(_("The anonymity threshold must be at least 2."), fields={"threshold": [_("At least 2.")]})
    names = [n.strip() for n in group_names if n.strip()]
    if not names:
        raise ApplicationError(_("Add at least one stakeholder group."), fields={"groups": [_("Add a group.")]})
    bad_names = _group_name_problems(names)
    if bad_names:  # a group name is one line of the textarea: no control characters, not over the column's length
        raise ApplicationError(_("A group name cannot be used."), fields={"groups": bad_names})
    if not conditions or any(c.framework_id != framework.pk for c in conditions):
        raise ApplicationError(_("Pick conditions of the framework."), fields={"conditions": [_("Pick at least one condition.")]})
    with transaction.atomic():
        campaign = Campaign.objects.create(
            jurisdiction=jurisdiction,
            framework=framework,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            threshold=threshold,
            is_demo=is_demo,
            created_by=actor_user(actor),
        )
        campaign.conditions.set(conditions)
        StakeholderGroup.objects.bulk_create([StakeholderGroup(campaign=campaign, name=n, position=i) for i, n in enumerate(names)])
        after = snapshot(campaign, CAMPAIGN_FIELDS) | {"conditions": [c.code for c in conditions], "groups": names}
        audit_record(actor=actor, action="selfassessment_campaign.create", obj=campaign, after=after, scope_state=jurisdiction.usps)
    return campaign


def campaign_set_status(*, actor: Actor, campaign: Campaign, status: str) -> Campaign:
    campaign_policy.require(actor, "manage", campaign)
    if status not in CampaignStatus.values:
        raise ApplicationError(_("Unknown status."), fields={"status": [_("Unknown status.")]})
    with transaction.atomic():
        before = snapshot(campaign, CAMPAIGN_FIELDS)
        campaign.status = status
        campaign.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="selfassessment_campaign.set_status",
            obj=campaign,
            before=before,
            after=snapshot(campaign, CAMPAIGN_FIELDS),
            scope_state=campaign.jurisdiction.usps,
        )
    return campaign


def campaign_update(
    *, actor: Actor, campaign: Campaign, title: str, opens_on: dt.date, closes_on: dt.date, threshold: int, expected_version: int | None = None
) -> Campaign:
    """Change a campaign's title, dates or threshold (e.g. extend the deadline). `expected_version`: optimistic locking (core.concurrency).

    Once anyone has answered, the anonymity threshold may be raised but never lowered: respondents
    answered under the promise that groups smaller than it are never shown alone.
    """
    campaign_policy.require(actor, "manage", campaign)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Required.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("Pick a date after the opening date.")]
    if threshold < 2:
        errors["threshold"] = [_("At least 2.")]
    elif threshold < campaign.threshold and Respondent.objects.filter(campaign=campaign).exists():
        errors["threshold"] = [_("People have already answered under a threshold of %(n)s; it can be raised, not lowered.") % {"n": campaign.threshold}]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    with transaction.atomic():
        before = snapshot(campaign, CAMPAIGN_FIELDS)
        submitted = {"title": title.strip(), "opens_on": opens_on, "closes_on": closes_on, "threshold": threshold}
        edit_guard(campaign, expected=expected_version, submitted=submitted)
        campaign.title, campaign.opens_on, campaign.closes_on, campaign.threshold = title.strip(), opens_on, closes_on, threshold
        campaign.save(update_fields=["title", "opens_on", "closes_on", "threshold", "updated_at"])
        audit_record(
            actor=actor,
            action="selfassessment_campaign.update",
            obj=campaign,
            before=before,
            after=snapshot(campaign, CAMPAIGN_FIELDS),
            scope_state=campaign.jurisdiction.usps,
        )
    return campaign


def group_add(*, actor: Actor, campaign: Campaign, name: str) -> StakeholderGroup:
    campaign_policy.require(actor, "manage", campaign)
    name = name.strip()
    if not name:
        raise ApplicationError(_("Give the group a name."), fields={"name": [_("Required.")]})
    if campaign.status == CampaignStatus.CLOSED:
        raise ApplicationError(_("The campaign is closed."), fields={"name": [_("The campaign is closed.")]})
    bad_name = _group_name_problems([name])
    if bad_name:
        raise ApplicationError(_("A group name cannot be used."), fields={"name": bad_name})
    with transaction.atomic():
        group = StakeholderGroup.objects.create(campaign=campaign, name=name, position=campaign.groups.count())
        audit_record(
            actor=actor,
            action="selfassessment_group.create",
            obj=group,
            after={"name": group.name, "campaign": str(campaign.public_id)},
            scope_state=campaign.jurisdiction.usps,
        )
        content_changed(responses_domain(campaign))
    return group


def _require_open(campaign: Campaign) -> None:
    today = timezone.localdate()
    if campaign.status != CampaignStatus.OPEN or not (campaign.opens_on <= today <= campaign.closes_on):
        raise ApplicationError(_("This self-assessment is not taking answers."), code="closed")


def respondent_start(*, group: StakeholderGroup) -> Respondent:
    _require_open(group.campaign)
    with transaction.atomic():
        respondent = Respondent.objects.create(campaign=group.campaign, group=group)
        audit_record(
            actor=ANONYMOUS_ACTOR,
            action="selfassessment_respondent.start",
            object_type="selfassessment.respondent",
            object_id=str(respondent.pk),
            object_repr=group.name,
            scope_state=group.campaign.jurisdiction.usps,
        )
    return respondent


@dataclass(frozen=True)
class Answer:
    item: Item
    level: Level | None  # None: "not sure", or "not started" when not_started is set
    confidence: str
    comment: str
    not_started: bool = False


def respondent_save(*, respondent: Respondent, answers: Sequence[Answer], priorities: Sequence[Item], submit: bool) -> Respondent:
    """Save (and optionally submit) a respondent's answers. Content is not copied into the audit trail."""
    campaign = respondent.campaign
    _require_open(campaign)
    if len(priorities) > MAX_PRIORITIES:
        raise ApplicationError(
            ngettext("Pick at most %(n)s priority.", "Pick at most %(n)s priorities.", MAX_PRIORITIES) % {"n": MAX_PRIORITIES},
            fields={"priorities": [_("Too many.")]},
        )
    if submit and not answers:
        raise ApplicationError(_("Answer at least one condition before you submit."), fields={"answers": [_("No condition has an answer yet.")]})
    allowed = set(campaign.conditions.values_list("pk", flat=True))
    if any(a.item.pk not in allowed for a in answers) or any(p.pk not in allowed for p in priorities):
        raise ApplicationError(_("Unknown condition."), fields={"answers": [_("Unknown condition.")]})
    with transaction.atomic():
        Rating.objects.filter(respondent=respondent).delete()
        Rating.objects.bulk_create(
            [
                Rating(
                    respondent=respondent,
                    item=a.item,
                    level=None if a.not_started else a.level,
                    not_started=a.not_started,
                    confidence=a.confidence,
                    comment=a.comment.strip(),
                )
                for a in answers
            ]
        )
        respondent.priorities.set(priorities)
        if submit:
            respondent.submitted_at = timezone.now()
        respondent.save()
        action = "selfassessment_respondent.submit" if submit else "selfassessment_respondent.save"
        audit_record(
            actor=ANONYMOUS_ACTOR,
            action=action,
            object_type="selfassessment.respondent",
            object_id=str(respondent.pk),
            object_repr=respondent.group.name,
            after={"answers": len(answers)},
            scope_state=campaign.jurisdiction.usps,
        )
        content_changed(responses_domain(campaign))  # the campaign's cached results are stale from here
    return respondent


def decision_record(*, actor: Actor, campaign: Campaign, item: Item, level: Level | None, rationale: str, is_priority: bool) -> ConsensusDecision:
    campaign_policy.require(actor, "manage", campaign)
    if not rationale.strip():
        raise ApplicationError(_("Record the rationale."), fields={"rationale": [_("Required.")]})
    if level is not None and level.framework_id != campaign.framework_id:
        raise ApplicationError(_("Unknown phase."), fields={"level": [_("Unknown phase.")]})
    fields = ("level", "rationale", "is_priority")
    with transaction.atomic():
        decision = ConsensusDecision.objects.filter(campaign=campaign, item=item).first()
        before = snapshot(decision, fields) if decision else None
        if decision is None:
            decision = ConsensusDecision(campaign=campaign, item=item)
        decision.level, decision.rationale, decision.is_priority = level, rationale.strip(), is_priority
        decision.recorded_by = actor_user(actor)
        decision.save()
        if is_priority:
            RoadmapEntry.objects.get_or_create(campaign=campaign, item=item)
        audit_record(
            actor=actor,
            action="selfassessment_decision.record",
            obj=decision,
            object_repr=f"{campaign} / {item.code}",
            before=before,
            after=snapshot(decision, fields),
            scope_state=campaign.jurisdiction.usps,
        )
    return decision


def campaign_adopt_baseline(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Make the agreed profile of this campaign the state's official baseline (one per state)."""
    campaign_policy.require(actor, "manage", campaign)
    if not campaign.decisions.exists():
        raise ApplicationError(_("Record at least one agreed phase first."))
    with transaction.atomic():
        Campaign.objects.filter(jurisdiction=campaign.jurisdiction, is_baseline=True).exclude(pk=campaign.pk).update(is_baseline=False)
        before = snapshot(campaign, CAMPAIGN_FIELDS)
        campaign.is_baseline = True
        campaign.save(update_fields=["is_baseline", "updated_at"])
        audit_record(
            actor=actor,
            action="selfassessment_campaign.adopt_baseline",
            obj=campaign,
            before=before,
            after=snapshot(campaign, CAMPAIGN_FIELDS),
            scope_state=campaign.jurisdiction.usps,
        )
    return campaign


def roadmap_entry_update(
    *, actor: Actor, entry: RoadmapEntry, owner: str, target_date: dt.date | None, notes: str, expected_version: int | None = None
) -> RoadmapEntry:
    """Owner, target date and notes of a roadmap entry. `expected_version`: optimistic locking (core.concurrency)."""
    campaign_policy.require(actor, "manage", entry.campaign)
    fields = ("owner", "target_date", "notes")
    with transaction.atomic():
        before = snapshot(entry, fields)
        edit_guard(entry, expected=expected_version, submitted={"owner": owner.strip(), "target_date": target_date, "notes": notes.strip()})
        entry.owner, entry.target_date, entry.notes = owner.strip(), target_date, notes.strip()
        entry.save()
        audit_record(
            actor=actor,
            action="selfassessment_roadmap.update",
            obj=entry,
            object_repr=f"{entry.campaign} / {entry.item.code}",
            before=before,
            after=snapshot(entry, fields),
            scope_state=entry.campaign.jurisdiction.usps,
        )
    return entry
