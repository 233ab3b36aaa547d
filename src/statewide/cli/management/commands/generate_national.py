"""`statewide generate-national`: a synthetic national-scale dataset for load tests (never for production).

Idempotent and seeded: running it twice leaves the same data, and the same seed gives the same rows.
It builds, for everything that exists so far:

* districts: ~13,000 synthetic LEAs spread over all 56 jurisdictions (LEAIDs `<FIPS>9xxxx`,
  names ending "(synthetic)"), added with one bulk insert;
* policy records: 20,000 "Synthetic policy NNNNN" records imported through the policy importer
  (so the import path is the one measured), only the ones missing;
* a self-assessment campaign "National load-test campaign" (California) with 5,000 submitted
  respondents over four groups.

Schools come when the school directory exists (it does not yet).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.core.tabular import csv_text
from statewide.frameworks.models import Framework, Item, Level
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind
from statewide.policies.io import COLUMNS, policy_records_import
from statewide.policies.models import PolicyRecord, PolicyType
from statewide.selfassessment import services as sa_services
from statewide.selfassessment.models import Campaign, CampaignStatus, Rating, Respondent
from statewide.selfassessment.results import responses_domain

CAMPAIGN_TITLE = "National load-test campaign"
POLICY_PREFIX = "Synthetic policy"


class Command(BaseCommand):
    help = "Build a synthetic national-scale dataset (districts, policy records, a large campaign) for load tests. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--districts", type=int, default=13_000)
        parser.add_argument("--policies", type=int, default=20_000)
        parser.add_argument("--respondents", type=int, default=5_000)

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        self._step("districts", lambda: districts(options["districts"], seed))
        self._step("policy records", lambda: policies(options["policies"], seed))
        self._step("self-assessment respondents", lambda: campaign(options["respondents"], seed))

    def _step(self, label: str, fn: Any) -> None:
        start = time.perf_counter()
        added = fn()
        self.stdout.write(f"{label}: {added} added in {time.perf_counter() - start:.1f} s\n")


def districts(n: int, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    states = list(Jurisdiction.objects.order_by("usps"))
    rows = []
    for i in range(n):
        j = states[i % len(states)]
        rows.append(
            Organisation(
                kind=OrganisationKind.DISTRICT,
                jurisdiction=j,
                nces_leaid=f"{j.fips}9{i // len(states):04d}",
                name=f"{rng.choice(['North', 'South', 'East', 'West', 'Central', 'Valley', 'Lake'])} {i} {rng.choice(['Unified', 'ISD', 'Public Schools'])} (synthetic)",
                city=f"City {i % 900}",
                locale_code=rng.choice(["11", "21", "32", "42"]),
                agency_type=1,
            )
        )
    before = Organisation.objects.filter(kind=OrganisationKind.DISTRICT).count()
    with transaction.atomic():
        Organisation.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        content_changed("places")
    return Organisation.objects.filter(kind=OrganisationKind.DISTRICT).count() - before


def policy_csv(n: int, seed: int, skip: set[str]) -> str:
    """The synthetic records as a statewide-policies/1 CSV (rows whose title is in `skip` left out)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    states = sorted(Jurisdiction.objects.values_list("usps", flat=True))
    types = sorted(PolicyType.objects.values_list("code", flat=True))
    conditions = sorted(Item.objects.filter(framework__slug="kw-spf-2019", kind="condition").values_list("code", flat=True))
    rows: list[list[str]] = [list(COLUMNS)]
    for i in range(n):
        start = dt.date(2000 + rng.randrange(25), rng.randrange(1, 13), 1)
        row = {
            "jurisdiction": rng.choice(states),
            "title": f"{POLICY_PREFIX} {i:05d}",
            "policy_type": rng.choice(types),
            "instrument": "statute",
            "bill_number": f"HB {rng.randrange(1, 3000)}",
            "status": "in_effect",
            "enacted_on": start.isoformat(),
            "date_precision": "day",
            "conditions": "|".join(sorted(rng.sample(conditions, rng.randrange(1, 4)))),
            "summary": "A synthetic record for load tests.",
            "sources": f"https://example.org/synthetic/{i}",
            "confirmed": "false",
        }
        if row["title"] not in skip:
            rows.append([row.get(c, "") for c in COLUMNS])
    return csv_text(rows)


def policies(n: int, seed: int) -> int:
    have = set(PolicyRecord.objects.filter(title__startswith=POLICY_PREFIX).values_list("title", flat=True))
    text = policy_csv(n, seed, have)
    if text.count("\n") <= 1:
        return 0
    return policy_records_import(actor=SYSTEM, data=text.encode(), fmt="csv").created


def campaign(n: int, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    c = Campaign.objects.filter(title=CAMPAIGN_TITLE).first()
    if c is None:
        today = timezone.localdate()
        c = sa_services.campaign_create(
            actor=SYSTEM,
            jurisdiction=Jurisdiction.objects.get(usps="CA"),
            framework=Framework.objects.get(slug="kw-spf-2019"),
            conditions=list(Item.objects.filter(framework__slug="kw-spf-2019", kind="condition", confirmed=True).order_by("position")),
            title=CAMPAIGN_TITLE,
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=365),
            threshold=5,
            group_names=["Legislators", "Educators", "Students", "Families"],
        )
        c.status = CampaignStatus.OPEN
        c.save(update_fields=["status"])
    missing = n - Respondent.objects.filter(campaign=c).count()
    if missing <= 0:
        return 0
    groups = list(c.groups.order_by("position"))
    levels = list(Level.objects.filter(framework=c.framework).order_by("position"))
    items = list(c.conditions.order_by("position"))
    with transaction.atomic():
        rs = Respondent.objects.bulk_create(
            [Respondent(campaign=c, group=groups[i % len(groups)], submitted_at=timezone.now()) for i in range(missing)], batch_size=2000
        )
        ratings = [
            Rating(respondent=r, item=item, level=levels[min(len(levels) - 1, max(0, rng.randrange(len(levels))))], confidence="medium")
            for r in rs
            for item in items
        ]
        Rating.objects.bulk_create(ratings, batch_size=5000)
        through = Respondent.priorities.through
        through.objects.bulk_create([through(respondent_id=r.pk, item_id=rng.choice(items).pk) for r in rs], batch_size=5000)
        content_changed(responses_domain(c))
    return missing
