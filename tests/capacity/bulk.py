"""Bulk-built capacity data for query budgets and the benchmark (never thousands of service calls)."""

from __future__ import annotations

import datetime as dt
import random

from statewide.capacity.instrument import DEFAULT_TIERS, item_codes
from statewide.capacity.models import ReadinessInstrument, ReadinessRound, RoundStatus, Support, SupportInterest, TaRequest
from statewide.capacity.scoring import score_round, tiers_from_data
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.places.models import Jurisdiction, Organisation, OrganisationKind, School
from tests.factories import synthetic_leaid

TIERS = tiers_from_data(DEFAULT_TIERS)


def build(instrument: ReadinessInstrument, *, districts: int, schools_per_district: int, state: str = "TX", seed: int = 12) -> list[Organisation]:
    rng = random.Random(seed)
    texas = Jurisdiction.objects.get(usps=state)
    orgs = bulk_insert(
        Organisation,
        [
            Organisation(kind=OrganisationKind.DISTRICT, jurisdiction=texas, nces_leaid=synthetic_leaid(texas.fips, i), name=f"Bulk district {i:05d}",
                         locale_code=rng.choice(["11", "21", "32", "42", "43"]), locale_source="derived", school_count=schools_per_district)
            for i in range(districts)
        ],
    )  # fmt: skip
    bulk_insert(
        School,
        [
            School(nces_id=f"{o.nces_leaid}{s:05d}", district=o, name=f"School {s}", status=1, locale_code=o.locale_code)
            for o in orgs
            for s in range(schools_per_district)
        ],
        batch_size=5000,
    )
    codes = item_codes(instrument.definition)
    rounds = []
    for index, org in enumerate(orgs):
        for year in (2025, 2026):
            answers = {c: rng.randint(1, 4) for c in codes}
            result = score_round(instrument.definition, answers, TIERS)
            rounds.append(
                ReadinessRound(district=org, instrument=instrument, title=f"Fall {year}", status=RoundStatus.SUBMITTED, submitted_at=dt.datetime(year, 10, 1, index % 24, tzinfo=dt.UTC),
                               result={**result.as_json(), "tiers": DEFAULT_TIERS}, tier_code=result.tier.code if result.tier else "",
                               score=round(float(result.score), 2) if result.score is not None else None)
            )  # fmt: skip
    bulk_insert(ReadinessRound, rounds)
    supports = bulk_insert(
        Support,
        [
            Support(
                jurisdiction=texas,
                strategy="technical-assistance",
                title=f"Support {i}",
                description="d",
                provider="State",
                tiers=["tier-2"],
                domains=["assessment-literacy"],
            )
            for i in range(60)
        ],
    )
    bulk_insert(SupportInterest, [SupportInterest(support=s, district=o) for s in supports[:10] for o in orgs[:30]])
    bulk_insert(TaRequest, [TaRequest(district=orgs[i % len(orgs)], topic=f"Request {i}", urgency="normal") for i in range(120)])
    content_changed("capacity", "places")
    return orgs
