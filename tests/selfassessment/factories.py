"""Test data for the self-assessment module: campaigns and bulk-created respondents (fixed seed)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.frameworks.models import Framework, Item, Level
from statewide.places.models import Jurisdiction
from statewide.selfassessment import services
from statewide.selfassessment.models import Campaign, CampaignStatus, Rating, Respondent, StakeholderGroup
from statewide.selfassessment.results import responses_domain
from tests.factories import analyze

SEED = 4242


def framework() -> Framework:
    return Framework.objects.get(slug="kw-spf-2019")


def conditions() -> list[Item]:
    return list(Item.objects.filter(framework__slug="kw-spf-2019", kind="condition", confirmed=True).order_by("position"))


def levels() -> list[Level]:
    return list(Level.objects.filter(framework__slug="kw-spf-2019").order_by("position"))


def campaign(
    usps: str = "TX",
    *,
    groups: list[str] | None = None,
    status: str = CampaignStatus.OPEN,
    threshold: int = 5,
    title: str = "Round one",
    opens_on: dt.date | None = None,
) -> Campaign:
    today = timezone.localdate()
    c = services.campaign_create(
        actor=SYSTEM,
        jurisdiction=Jurisdiction.objects.get(usps=usps),
        framework=framework(),
        conditions=conditions(),
        title=title,
        opens_on=opens_on or today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        threshold=threshold,
        group_names=groups or ["Legislators", "Educators", "Students"],
    )
    if status != CampaignStatus.DRAFT:
        c.status = status
        c.save(update_fields=["status"])
    return c


def respondents(group: StakeholderGroup, n: int, *, phase: int | None = 0, comment: str = "", seed: int = SEED, jitter: bool = False) -> list[Respondent]:
    """`n` submitted respondents of a group rating every condition at `phase` (or random with jitter)."""
    rng = random.Random(seed)
    lv, items = levels(), list(group.campaign.conditions.order_by("position"))
    rs = Respondent.objects.bulk_create([Respondent(campaign=group.campaign, group=group, submitted_at=timezone.now()) for _ in range(n)])
    ratings = []
    for r in rs:
        for item in items:
            p = rng.randrange(len(lv)) if jitter else phase
            ratings.append(Rating(respondent=r, item=item, level=lv[p] if p is not None else None, confidence="medium", comment=comment))
    Rating.objects.bulk_create(ratings, batch_size=2000)
    through = Respondent.priorities.through
    through.objects.bulk_create([through(respondent_id=r.pk, item_id=items[0].pk) for r in rs], batch_size=2000)
    analyze(Respondent._meta.db_table, Rating._meta.db_table, through._meta.db_table)
    content_changed(responses_domain(group.campaign))  # bulk-created outside the services: say so, as they would
    return rs
