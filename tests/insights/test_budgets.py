"""Query budgets of the insights pages and endpoints: named, and constant as districts and educators grow
(bulk-built data in every module; each dashboard computed cold, its cache cleared)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from benchmarks.harness import count_queries
from statewide.accounts.models import Role
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.places.models import Organisation, OrganisationKind
from statewide.policies.stats import level_history
from statewide.policies.summaries import state_summaries
from tests.factories import jurisdiction, person, state_agency, synthetic_leaid
from tests.insights.bulk import add_students_and_educators, grow, reference

pytestmark = pytest.mark.django_db

LANDING_BUDGET = 12
STATE_PAGE_BUDGET = 95  # 85: the four dashboards computed cold; the policy level per year (~5 queries a year from the stored spans, cached) is most of it
DASHBOARD_BUDGETS = {"progress": 115, "capacity": 18, "programs": 18, "credentials": 16}
EXPORT_BUDGET = 12
DISTRICT_REPORT_BUDGET = 21  # the credentials share reads the growth dashboard's cached table (versions, cache read, and cold its reads)
STATE_REPORT_BUDGET = 90  # 82


def urls(leaid: str) -> list[tuple[str, int]]:
    out = [("/insights/", LANDING_BUDGET), ("/insights/TX/", STATE_PAGE_BUDGET), ("/insights/TX/report.pdf", STATE_REPORT_BUDGET)]
    for kind, budget in DASHBOARD_BUDGETS.items():
        out += [(f"/insights/TX/{kind}/", budget), (f"/api/v1/insights/{kind}?state=TX", budget)]
    out += [("/insights/TX/credentials/export.xlsx", EXPORT_BUDGET), (f"/insights/TX/districts/{leaid}/", DISTRICT_REPORT_BUDGET)]
    return out


def measure(client, budgeted: list[tuple[str, int]]) -> dict[str, int]:
    """Queries of each URL with a cold cache, each within its budget. The stored per-state policy
    summaries and the spans of Texas's past years are brought up to date first, as any earlier read
    would (they are data, not cache)."""
    state_summaries()
    level_history("TX")
    counts = {}
    for url, budget in budgeted:
        cache.clear()
        with count_queries() as counted:
            assert client.get(url).status_code == 200, url
        assert counted[0] <= budget, f"{url}: {counted[0]} queries, budget {budget}"
        counts[url] = counted[0]
    return counts


def test_insights_queries_stay_constant_as_districts_grow(client, instrument):
    program, world = reference()
    grow(instrument, program, world, districts=10, start=0)
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    small = measure(client, urls("4860000"))
    grow(instrument, program, world, districts=30, start=10)
    large = measure(client, urls("4860000"))
    assert large == small
    cache.clear()
    client.get("/insights/TX/progress/")
    with count_queries() as warm:
        assert client.get("/insights/TX/progress/").status_code == 200
    assert warm[0] <= 12  # warm: the dashboard comes from the cache (content versions + session)


# Comparison districts with their indicators from every module (docs/insights.md): one read per module for the
# district and its comparison districts, so the same queries for 1 + 2 as for 1 + 5 and for 13 as for 53 districts.
# The participation rule is read twice (the choice list and the comparison); 8 reads of the indicators; the educator
# figures are the credentials dashboard's own protected table (cached: versions, cache read; cold, its reads).
COMPARISON_PAGE_BUDGET = 27
COMPARISON_API_BUDGET = 27
COMPARISON_EXPORT_BUDGET = 27


def similar(count: int, start: int) -> None:
    """Districts that take part in nothing, of about the size and poverty of `grow`'s, each with its enrollment and
    12 educators (more than the minimum n); no readiness round, no micro-credential."""
    texas = jurisdiction("TX")
    orgs = bulk_insert(
        Organisation,
        [Organisation(kind=OrganisationKind.DISTRICT, jurisdiction=texas, nces_leaid=synthetic_leaid("48", i, series=7), name=f"Similar district {i:04d}") for i in range(start, start + count)],
    )  # fmt: skip
    add_students_and_educators(orgs, students=520, educators=12, email_prefix="similar", start=start)
    content_changed("places", "accounts")


def comparison_urls(leaid: str) -> list[tuple[str, int]]:
    return [
        (f"/insights/TX/comparison/?district={leaid}", COMPARISON_PAGE_BUDGET),
        (f"/api/v1/insights/comparison?state=TX&leaid={leaid}", COMPARISON_API_BUDGET),
        (f"/insights/TX/comparison.csv?district={leaid}", COMPARISON_EXPORT_BUDGET),
        (f"/insights/TX/comparison.xlsx?district={leaid}", COMPARISON_EXPORT_BUDGET),
    ]


def test_comparison_indicators_answer_in_constant_queries(client, instrument):
    program, world = reference()
    grow(instrument, program, world, districts=3, start=0)
    similar(2, start=0)
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    small = measure(client, comparison_urls("4860000"))
    grow(instrument, program, world, districts=10, start=3)
    similar(8, start=2)
    large = measure(client, comparison_urls("4860000"))
    assert large == small
    body = client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": "4860000"}).json()
    assert len(body["similar"]) == 5
    mine = body["district"]["indicators"]
    assert mine["readiness_tier"] == {"code": "tier-1", "name": "Tier 1"} and mine["program_indicators"] == {
        "reached": 0,
        "moving": 1,
        "not_yet": 0,
        "no_report": 0,
    }
    assert mine["educators"]["suppressed"] and mine["educators"]["count"] is None  # 3 educators: pooled, as on the credentials dashboard
    other = body["similar"][0]["indicators"]
    assert other["program_indicators"] is None and other["readiness_tier"] is None and other["network_memberships"] == 0
    assert other["educators"]["count"] == 12 and other["educators_with_micro_credential"]["count"] == 0
