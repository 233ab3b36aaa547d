"""Query budgets of the insights pages and endpoints: named, and constant as districts and educators grow
(bulk-built data in every module; each dashboard computed cold, its cache cleared)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from benchmarks.harness import count_queries
from statewide.accounts.models import Role
from tests.factories import person, state_agency
from tests.insights.bulk import grow, reference

pytestmark = pytest.mark.django_db

LANDING_BUDGET = 12
STATE_PAGE_BUDGET = 145  # the four dashboards computed cold; the policy level per year (~9 queries a year, cached) is most of it
DASHBOARD_BUDGETS = {"progress": 115, "capacity": 18, "programs": 18, "credentials": 16}
EXPORT_BUDGET = 12
DISTRICT_REPORT_BUDGET = 20
STATE_REPORT_BUDGET = 140


def urls(leaid: str) -> list[tuple[str, int]]:
    out = [("/insights/", LANDING_BUDGET), ("/insights/TX/", STATE_PAGE_BUDGET), ("/insights/TX/report.pdf", STATE_REPORT_BUDGET)]
    for kind, budget in DASHBOARD_BUDGETS.items():
        out += [(f"/insights/TX/{kind}/", budget), (f"/api/v1/insights/{kind}?state=TX", budget)]
    out += [("/insights/TX/credentials/export.xlsx", EXPORT_BUDGET), (f"/insights/TX/districts/{leaid}/", DISTRICT_REPORT_BUDGET)]
    return out


def measure(client, leaid: str) -> dict[str, int]:
    counts = {}
    for url, budget in urls(leaid):
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
    small = measure(client, "4860000")
    grow(instrument, program, world, districts=30, start=10)
    large = measure(client, "4860000")
    assert large == small
    cache.clear()
    client.get("/insights/TX/progress/")
    with count_queries() as warm:
        assert client.get("/insights/TX/progress/").status_code == 200
    assert warm[0] <= 12  # warm: the dashboard comes from the cache (content versions + session)
