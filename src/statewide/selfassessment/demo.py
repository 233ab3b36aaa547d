"""Demo data for the self-assessment module, loaded by `statewide load-demo` (idempotent).

A closed Texas campaign marked as demo data, with 120 generated respondents (fixed seed), one
group below the anonymity threshold (so the pooling shows), and a consensus meeting partly recorded.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from statewide.core.permissions import SYSTEM
from statewide.frameworks.models import Framework, Item, Level
from statewide.places.models import Jurisdiction
from statewide.selfassessment import services
from statewide.selfassessment.models import DEFAULT_GROUPS, Campaign, CampaignStatus, Confidence, Rating, Respondent

DEMO_TITLE = "Texas stakeholder self-assessment (demo)"
SEED = 20260101
# Respondents per group; "Employers" (3) stays below the threshold of 5 and is pooled.
SIZES = [8, 6, 20, 22, 30, 12, 9, 10, 3]
COMMENTS = [
    "Several districts already pilot competency-based pathways.",
    "The vision exists on paper but few people know it.",
    "Funding rules still assume seat time.",
    "",
    "",
    "",
]


def load(out: TextIO) -> None:
    if Campaign.objects.filter(title=DEMO_TITLE, is_demo=True).exists():
        out.write("Self-assessment demo campaign already present.\n")
        return
    framework = Framework.objects.filter(slug="kw-spf-2019").first()
    tx = Jurisdiction.objects.filter(usps="TX").first()
    if framework is None or tx is None:
        out.write("Self-assessment demo skipped: framework or Texas missing.\n")
        return
    conditions = list(Item.objects.filter(framework=framework, kind="condition", confirmed=True).order_by("position"))
    levels = list(Level.objects.filter(framework=framework).order_by("position"))
    admin = get_user_model().objects.filter(email="tx-admin@statewide.example").first()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    with transaction.atomic():
        campaign = services.campaign_create(
            actor=SYSTEM,
            jurisdiction=tx,
            framework=framework,
            conditions=conditions,
            title=DEMO_TITLE,
            opens_on=today - dt.timedelta(days=60),
            closes_on=today - dt.timedelta(days=15),
            threshold=5,
            group_names=[str(g) for g in DEFAULT_GROUPS],
            is_demo=True,
        )
        groups = list(campaign.groups.order_by("position"))
        now = timezone.now()
        respondents = Respondent.objects.bulk_create(
            [Respondent(campaign=campaign, group=g, submitted_at=now) for g, n in zip(groups, SIZES, strict=True) for _i in range(n)]
        )
        ratings, prios = [], []
        through = Respondent.priorities.through
        for r in respondents:
            # Most groups see the state alike; educators see more progress, legislators less,
            # so a few disagreements show.
            offset = {4: 0.7, 0: -0.6}.get(r.group.position, 0.0)
            for c in conditions:
                level, not_started = None, False
                if rng.random() >= 0.08:  # otherwise "not sure"
                    mean = 0.15 + (c.position % 3) * 0.75 + offset
                    step = round(rng.gauss(mean, 0.45))  # below the first phase: "not started"
                    level, not_started = (levels[min(len(levels) - 1, step)], False) if step >= 0 else (None, True)
                ratings.append(
                    Rating(
                        respondent=r,
                        item=c,
                        level=level,
                        not_started=not_started,
                        confidence=rng.choice(Confidence.values),
                        comment=rng.choice(COMMENTS),
                    )
                )
            prios += [through(respondent_id=r.pk, item_id=c.pk) for c in rng.sample(conditions, 3)]
        Rating.objects.bulk_create(ratings)
        through.objects.bulk_create(prios)
        services.campaign_set_status(actor=SYSTEM, campaign=campaign, status=CampaignStatus.CLOSED)
        for c, lv, prio in [(conditions[0], levels[0], True), (conditions[1], levels[1], True), (conditions[2], levels[0], False)]:
            services.decision_record(actor=SYSTEM, campaign=campaign, item=c, level=lv, rationale="Agreed in the demo consensus meeting.", is_priority=prio)
        if admin is not None:
            campaign.created_by = admin
            campaign.save(update_fields=["created_by"])
    out.write(f"Self-assessment demo campaign created with {len(respondents)} respondents.\n")
