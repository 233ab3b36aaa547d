"""Insights tests: a small state of districts with enrollment (small groups included) and a capacity network; the readiness instrument as reference data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from statewide.capacity import services as capacity
from statewide.capacity.models import ReadinessInstrument
from statewide.capacity.services import readiness_instrument_load
from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.places.models import DistrictEnrollment, Jurisdiction, Organisation
from tests.factories import DistrictFactory

JOINED = dt.date(2012, 8, 1)  # the network members take part from the 2012-13 school year
LOCALES = ["11", "21", "32", "42", "43", ""]


def enrollment_row(district: Organisation, year: str, rng: random.Random) -> DistrictEnrollment:
    races = [rng.choice([0, 1, 2, 3, 8, 15, 40, 120]) for _ in range(7)]
    total = sum(races) or 1
    races[5] += 1 if not sum(races) else 0
    return DistrictEnrollment(
        district=district, school_year=year, all_students=total, hispanic=races[0], american_indian=races[1], asian=races[2], black=races[3],
        pacific_islander=races[4], white=races[5], two_or_more=races[6], economically_disadvantaged=rng.randint(0, total),
        english_learners=rng.randint(0, total // 3), students_with_disabilities=rng.randint(0, total // 4), source="test",
    )  # fmt: skip


def make_state(n_districts: int, *, members: int = 4, years: tuple[str, ...] = ("2012-13", "2013-14"), seed: int = 7) -> dict[str, Any]:
    """`n_districts` Texas districts with enrollment for each year (bulk inserted) and the first `members` in a capacity network."""
    rng = random.Random(seed)
    districts = [DistrictFactory(state="TX", locale_code=LOCALES[i % len(LOCALES)], locale_source="derived") for i in range(n_districts)]
    DistrictEnrollment.objects.bulk_create([enrollment_row(d, y, rng) for d in districts for y in years])
    content_changed("places")
    texas = Jurisdiction.objects.get(usps="TX")
    network = None
    if members:
        network = capacity.network_create(actor=SYSTEM, jurisdiction=texas, title="Collaborative", purpose="", cap=50, domains=[])
        for d in districts[:members]:
            capacity.network_select(actor=SYSTEM, member=capacity.network_apply(actor=SYSTEM, network=network, district=d), joined_on=JOINED)
    return {"districts": districts, "network": network, "texas": texas}


@pytest.fixture
def small_state(db: Any) -> dict[str, Any]:
    return make_state(14)


@pytest.fixture
def instrument(db: Any) -> ReadinessInstrument:
    return readiness_instrument_load(actor=SYSTEM)
