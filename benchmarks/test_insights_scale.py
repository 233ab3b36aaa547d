"""Insights at national scale: 13,000 districts x 10 school years x every student group, bulk inserted, 600 of
them in a capacity network. Run with `make bench` (not `make test`).

Asserts that the dashboards and endpoints (the comparison districts with their indicators from every module
too) answer in constant queries (the same as on a small state) and prints cold and warm timings."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from django.core.cache import cache

from benchmarks.harness import HEADER, measure
from statewide.accounts.models import Role
from statewide.capacity.models import MembershipStatus, Network, NetworkMember
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.places.models import DistrictEnrollment, Jurisdiction, Organisation, OrganisationKind
from tests.factories import person, state_agency, synthetic_leaid
from tests.insights.test_budgets import COMPARISON_API_BUDGET, COMPARISON_EXPORT_BUDGET, COMPARISON_PAGE_BUDGET
from tests.insights.test_pages import EQUITY_API_BUDGET, EQUITY_PAGE_BUDGET

YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2024)]
LOCALES = ["11", "12", "13", "21", "22", "23", "31", "32", "33", "41", "42", "43", ""]


@pytest.fixture
def insights_national(db):  # type: ignore[no-untyped-def]
    rng = random.Random(14)
    texas = Jurisdiction.objects.get(usps="TX")
    orgs = bulk_insert(
        Organisation,
        [Organisation(kind=OrganisationKind.DISTRICT, jurisdiction=texas, nces_leaid=synthetic_leaid(texas.fips, i, series=7), name=f"Bulk district {i:05d}",
                      locale_code=rng.choice(LOCALES), locale_source="derived") for i in range(13_000)],
    )  # fmt: skip
    rows = []
    for o in orgs:
        size = rng.choice([40, 300, 1500, 8000, 60000])
        for year in YEARS:
            races = [rng.randint(0, size // 3) for _ in range(6)]
            races.append(max(size - sum(races), 0))
            total = sum(races)
            rows.append(DistrictEnrollment(district=o, school_year=year, all_students=total, hispanic=races[0], american_indian=races[1] // 20,
                                           asian=races[2] // 4, black=races[3], pacific_islander=races[4] // 50, white=races[6],
                                           two_or_more=races[5] + races[1] - races[1] // 20 + races[2] - races[2] // 4 + races[4] - races[4] // 50,
                                           economically_disadvantaged=rng.randint(0, total), english_learners=rng.randint(0, total // 4),
                                           students_with_disabilities=rng.randint(0, total // 6), source="bench"))  # fmt: skip
    bulk_insert(DistrictEnrollment, rows, batch_size=5000)
    network = Network.objects.create(jurisdiction=texas, title="Bench network", cap=600, member_count=600)
    # Members joined over ten school years (participation history: each year's participants differ).
    members = [
        NetworkMember(network=network, district=o, status=MembershipStatus.MEMBER, joined_on=dt.date(2012 + i % 10, 9, 1))
        for i, o in enumerate(orgs[::21][:600])
    ]
    bulk_insert(NetworkMember, members)
    content_changed("places", "capacity")
    return orgs


def test_insights_at_national_scale(client, insights_national, capsys):  # type: ignore[no-untyped-def]
    cache.clear()
    start = time.perf_counter()
    assert client.get("/api/v1/insights/enrollment", {"state": "TX"}).status_code == 200
    cold = (time.perf_counter() - start) * 1000
    member = insights_national[0].nces_leaid
    results = [
        measure(client, "equity dashboard", "/insights/TX/equity/"),
        measure(client, "equity dashboard, one locale, an older year", "/insights/TX/equity/?locale=rural&year=2016-17"),
        measure(client, "enrollment API", "/api/v1/insights/enrollment?state=TX"),
        measure(client, "equity API", "/api/v1/insights/equity?state=TX&locale=city"),
        measure(client, "equity CSV", "/insights/TX/equity.csv"),
    ]
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    results.append(measure(client, "comparison districts with indicators", f"/insights/TX/comparison/?district={member}"))
    results.append(measure(client, "comparison API with indicators", f"/api/v1/insights/comparison?state=TX&leaid={member}"))
    results.append(measure(client, "comparison CSV", f"/insights/TX/comparison.csv?district={member}"))
    similar = len(client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": member}).json()["similar"])
    with capsys.disabled():
        print(f"\nfirst computation of 10 years x 13,000 districts (cold cache): {cold:.0f} ms\n" + HEADER)
        for r in results:
            print(r.row())
    assert all(r.status == 200 for r in results), [r for r in results if r.status != 200]
    assert results[0].queries == results[1].queries <= EQUITY_PAGE_BUDGET
    assert results[3].queries <= EQUITY_API_BUDGET and results[5].queries <= COMPARISON_PAGE_BUDGET
    assert results[6].queries <= COMPARISON_API_BUDGET and results[7].queries <= COMPARISON_EXPORT_BUDGET
    assert similar == 5  # the comparison reads the indicators of the full 1 + 5 districts, in the same queries as on a small state
