"""The insights landing page, the four module dashboards, their exports and API, the reports, and
their caching: through pages and the JSON API, on data built by services and bulk inserts."""

from __future__ import annotations

import datetime as dt
import io

import jsonschema
import pytest
from altair.vegalite.v6.schema import core as vegalite_schema
from openpyxl import load_workbook

from statewide.accounts.models import Role
from statewide.capacity import services as capacity_services
from statewide.core.bulk import bulk_insert
from statewide.core.cache import content_changed
from statewide.core.permissions import SYSTEM
from statewide.insights.dashboards import dashboard_get
from statewide.insights.indicators import comparison_indicators
from statewide.places.models import DistrictEnrollment, Jurisdiction
from statewide.places.services import disclosure_minimum_set
from statewide.policies.demo import load_policy_types
from statewide.selfassessment import services as sa_services
from statewide.selfassessment.models import CampaignStatus
from tests.capacity.bulk import build as build_capacity
from tests.credentials import bulkdata
from tests.credentials.setup import build_world
from tests.factories import jurisdiction, person, state_agency
from tests.foundation.test_pdf import _check as check_pdf
from tests.policies.factories import PolicyRecordFactory
from tests.programs import factories as pf
from tests.programs.bulk import build as build_programs
from tests.selfassessment import factories as sa

pytestmark = pytest.mark.django_db

KINDS = ("progress", "capacity", "programs", "credentials")
VEGA_LITE = jsonschema.Draft7Validator(vegalite_schema.load_schema())


def assert_valid_specs(kind: str) -> None:
    """Every figure of the dashboard is a valid Vega-Lite specification (the schema Altair ships)."""
    board = dashboard_get(kind, jurisdiction("TX"))
    errors = [f"{f.slug} {list(e.absolute_path)}: {e.message}" for f in board.figures for e in VEGA_LITE.iter_errors(f.chart.spec)]
    assert errors == []


@pytest.fixture
def texas_capacity(instrument):
    orgs = build_capacity(instrument, districts=12, schools_per_district=1)
    network = capacity_services.network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="Mastery network", purpose="", cap=10, domains=[])
    for org in orgs[:3]:
        capacity_services.network_select(actor=SYSTEM, member=capacity_services.network_apply(actor=SYSTEM, network=network, district=org))
    return orgs


def test_empty_states_are_honest_not_errors(client):
    landing = client.get("/insights/")
    assert landing.status_code == 200 and "No state has data in any module yet" in landing.content.decode()
    state = client.get("/insights/WY/").content.decode()
    assert state.count("no data yet") == 4
    for kind in KINDS:
        page = client.get(f"/insights/WY/{kind}/")
        assert page.status_code == 200 and "has no records for this state yet" in page.content.decode()
        body = client.get(f"/api/v1/insights/{kind}?state=WY").json()
        assert body["is_empty"] is True and all(f["rows"] == [] for f in body["figures"])
    assert client.get("/insights/ZZ/").status_code == 404
    assert client.get("/insights/TX/nonsense/").status_code == 404
    assert client.get("/api/v1/insights/capacity?state=ZZ").status_code == 404


def test_capacity_dashboard_charts_tables_exports_and_api(client, texas_capacity):
    landing = client.get("/insights/").content.decode()
    assert "/insights/TX/" in landing and "Texas" in landing
    assert client.get("/insights/?state=tx")["Location"] == "/insights/TX/"
    html = client.get("/insights/TX/capacity/").content.decode()
    assert (
        html.count('class="statewide-chart"') == 4 and html.count("<svg") >= 3 and "Mastery network" in html
    )  # supports have no start dates: one honest empty chart
    body = client.get("/api/v1/insights/capacity?state=TX").json()
    figures = {f["slug"]: f for f in body["figures"]}
    tiers_2026 = [r for r in figures["tiers"]["rows"] if r["year"] == "2026"]
    assert sum(r["districts"] for r in tiers_2026) == 12  # every district sits in exactly one tier
    assert figures["networks"]["rows"] == [{"network": "Mastery network", "members": 3, "cap": 10, "suppression": None}]
    assert figures["ta-response"]["unit"] == "days" and figures["ta-response"]["rows"][0]["requests"] == 120
    csv = client.get("/insights/TX/capacity/export.csv")
    assert csv["Content-Type"].startswith("text/csv") and "Network membership" in csv.content.decode() and "Mastery network,3,10" in csv.content.decode()
    book = load_workbook(io.BytesIO(client.get("/insights/TX/capacity/export.xlsx").content))
    assert book.sheetnames == ["tiers", "supports", "ta-response", "networks"]
    assert [c.value for c in book["networks"][2]] == ["Mastery network", "3", "10"]
    assert client.get("/insights/TX/capacity/export.pdf").status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert all(f"/api/v1/insights/{k}" in schema["paths"] for k in KINDS)
    assert_valid_specs("capacity")


def test_a_write_changes_the_next_answer(client, texas_capacity):
    def members() -> int:
        rows = client.get("/api/v1/insights/capacity?state=TX").json()["figures"][3]["rows"]
        return sum(r["members"] for r in rows)

    assert members() == 3
    network = capacity_services.network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="Second", purpose="", cap=5, domains=[])
    capacity_services.network_select(actor=SYSTEM, member=capacity_services.network_apply(actor=SYSTEM, network=network, district=texas_capacity[5]))
    assert members() == 4


def test_credentials_dashboard_pools_small_districts(client):
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=Jurisdiction.objects.get(usps="TX"), minimum_n=5)  # the state shows counts from 5
    world = build_world()
    big, small, tiny, bigger = bulkdata.districts(4)
    big_educators = bulkdata.educators(big, 16)
    bigger_educators = bulkdata.educators(bigger, 20)
    small_educators = bulkdata.educators(small, 2)
    bulkdata.educators(tiny, 3)
    bulkdata.credentials(world, big_educators[:8], year=2025, district=big, start_index=100)
    bulkdata.credentials(world, bigger_educators[:10], year=2025, district=bigger, start_index=300)
    bulkdata.credentials(world, small_educators[:1], year=2026, district=small, start_index=200)
    body = client.get("/api/v1/insights/credentials?state=TX").json()
    figures = {f["slug"]: f for f in body["figures"]}
    holders = {r["district"]: (r["educators"], r["holders"], r["suppression"]) for r in figures["holders"]["rows"]}
    assert small.name not in holders and figures["holders"]["suppression_applied"] is True
    pooled = [r for r in figures["holders"]["rows"] if r["suppression"] == "pooled"]
    assert len(pooled) == 1 and pooled[0]["holders"] is None  # the two small districts with the world's own educator: 1 holder, hidden
    # The state's 19 holders less the shown districts' would give the pool's 1 away: the pool's educators
    # and then the smallest district count in that sum (8) are hidden too; the rest is shown.
    assert holders["Whole state"] == (42, 19, None) and holders[bigger.name] == (20, 10, None)
    assert holders[big.name] == (16, None, "complementary") and pooled[0]["educators"] is None
    # The district comparison reads the same protected cells: it never shows the 8 the dashboard hides.
    compared = comparison_indicators(Jurisdiction.objects.get(usps="TX"), [big.pk, bigger.pk, small.pk])
    assert (compared[big.pk].educators.count, compared[big.pk].holders.count, compared[big.pk].holders.reason) == (16, None, "complementary")
    assert compared[bigger.pk].holders.count == 10 and compared[small.pk].holders.reason == "pooled"
    earned = [(r["year"], r["series"], r["credentials"]) for r in figures["earned"]["rows"]]
    assert ("2025", "Earned", 18) in earned and ("2026", "Growth target", 20) in earned  # 18 grown by 10 %, rounded up
    assert small.name not in client.get("/insights/TX/credentials/").content.decode()
    assert_valid_specs("credentials")
    # State staff drill down: the district's row links to its report; the public and other roles see no link.
    report = f"/insights/TX/districts/{big.nces_leaid}/"
    assert report not in client.get("/insights/TX/credentials/").content.decode()
    client.force_login(person(Role.STATE_REVIEWER, state_agency("TX")))
    page = client.get("/insights/TX/credentials/").content.decode()
    table = page.split('id="figure-holders"')[1].split("</table>")[0]
    assert f'<a class="usa-link" href="{report}">{big.name}</a>' in table and "Whole state</th>" in table
    assert "District reports" in page and client.get(report).status_code == 200


def test_reports_and_district_detail_for_state_staff(client, texas_capacity):
    pdf = client.get("/insights/TX/report.pdf")
    assert pdf.status_code == 200
    reader = check_pdf(pdf.content, "Statewide progress report")  # US Letter, tagged PDF/UA-1, fonts, running header
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Data sources" in text and "Districts by readiness tier over time" in text and "Mastery network" in text
    district = texas_capacity[0]
    url = f"/insights/TX/districts/{district.nces_leaid}/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(person(Role.DISTRICT_LEAD, texas_capacity[1]))
    assert client.get(url).status_code == 403
    for slug in ("capacity", "progress", "programs", "credentials"):
        assert url not in client.get(f"/insights/TX/{slug}/").content.decode()  # a district lead gets no drill-down
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    assert url in client.get("/insights/TX/").content.decode()
    # District detail is reachable from every dashboard: capacity and progress list the districts with rounds.
    for slug in ("capacity", "progress"):
        page = client.get(f"/insights/TX/{slug}/").content.decode()
        assert "District reports" in page and f'href="{url}"' in page
    assert "District reports" in client.get("/insights/TX/programs/").content.decode()
    page = client.get(url).content.decode()
    assert district.name in page and "Overall readiness score by round" in page and "Fall 2026" in page and "Data sources" in page
    report = client.get(f"{url}report.pdf")
    assert report.status_code == 200
    check_pdf(report.content, "District report")
    assert client.get("/insights/TX/districts/4899999/").status_code == 404


def test_progress_dashboard_reads_closed_rounds_and_policies(client):

    load_policy_types()
    PolicyRecordFactory(state="TX", type_code="innovation-zone", enacted_on=dt.date(2015, 7, 1))
    content_changed("policies")
    baseline = sa.campaign(status=CampaignStatus.OPEN, title="Baseline 2025")
    conditions, levels = sa.conditions(), sa.levels()
    for item, level in zip(conditions[:3], (levels[0], levels[1], None), strict=True):
        sa_services.decision_record(actor=SYSTEM, campaign=baseline, item=item, level=level, rationale="Agreed.", is_priority=False)
    sa.campaign(status=CampaignStatus.OPEN, title="Open round")  # not closed: not shown
    sa_services.campaign_set_status(actor=SYSTEM, campaign=baseline, status=CampaignStatus.CLOSED)
    body = client.get("/api/v1/insights/progress?state=TX").json()
    figures = {f["slug"]: f for f in body["figures"]}
    assert sorted((r["phase"], r["conditions"]) for r in figures["rounds"]["rows"]) == sorted([(levels[0].name, 1), (levels[1].name, 1), ("Not started", 1)])
    assert {r["condition"] for r in figures["latest-round"]["rows"]} == {c.name for c in conditions[:3]}
    assert figures["policies"]["rows"][0]["records"] == 1
    years = [r["year"] for r in figures["maturity"]["rows"]]
    assert years[0] == "2015" and years[-1] == str(dt.date.today().year)
    html = client.get("/insights/TX/progress/").content.decode()
    assert html.count('class="statewide-chart"') == 4 and "Open round" not in html
    assert_valid_specs("progress")


def test_programs_dashboard_counts_public_participants(client):

    apps = build_programs(pf.program(), applications=10, reports_per_application=1, organisations=10)
    participants = sorted({a.organisation_id for a in apps if a.status in ("conditional", "approved", "completed")})
    groups = dict.fromkeys(["hispanic", "american_indian", "asian", "black", "pacific_islander", "two_or_more"], 0)
    sizes = {participants[0]: 30, participants[1]: 3}  # the others have no enrollment data
    bulk_insert(
        DistrictEnrollment,
        [DistrictEnrollment(district_id=d, school_year="2013-14", all_students=n, white=n, economically_disadvantaged=0, english_learners=0,
                            students_with_disabilities=0, source="test", **groups) for d, n in sizes.items()],
    )  # fmt: skip
    content_changed("places")
    body = client.get("/api/v1/insights/programs?state=TX").json()
    figures = {f["slug"]: f for f in body["figures"]}
    # 10 applications cycle through 5 statuses: conditional, approved and completed take part (6 districts)
    assert sum(r["districts"] for r in figures["stages"]["rows"]) == 6
    assert figures["participation"]["rows"][-1]["districts"] == 6
    assert {r["status"]: r["indicators"] for r in figures["indicators"]["rows"]}["Moving toward the target"] == 6
    students = figures["students"]["rows"][-1]
    assert students["students"] == 33 and students["districts_with_data"] == 2 and students["suppression"] is None
    assert client.get("/insights/TX/programs/").content.decode().count('class="statewide-chart"') == 4
    assert_valid_specs("programs")
    disclosure_minimum_set(actor=SYSTEM, jurisdiction=jurisdiction("TX"), minimum_n=50)  # the state's minimum n moves the figure
    students = client.get("/api/v1/insights/programs?state=TX").json()["figures"][1]["rows"][-1]
    assert students["students"] is None and students["suppression"] == "small" and students["display"] == {"students": "suppressed"}
