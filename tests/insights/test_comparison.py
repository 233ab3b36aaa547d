"""Comparison districts read against a participating district: each district's indicators from every module
(readiness tier, network memberships, educators holding a micro-credential, program indicators against
targets) on the page, in the CSV/XLSX downloads and the API, with counts of educators protected by the one
disclosure rule, unknowns shown as unknown (never zero), and links between the comparison and district reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from statewide.accounts.models import Membership, Role, User
from statewide.capacity.models import ReadinessRound, RoundStatus
from statewide.core.cache import content_changed
from statewide.credentials.models import Credential
from statewide.credentials.services import growth_tally_rebuild
from statewide.places.models import DistrictEnrollment, Organisation
from statewide.programs.models import AnnualReport, Indicator, IndicatorValue
from tests.credentials.setup import build_world
from tests.factories import DistrictFactory, jurisdiction, person, state_agency
from tests.insights.bulk import RACES
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db
FORMULA_NAME = "=SUM(A1) District"


def _district(name: str, students: int, educators: int, holders: int, world) -> Organisation:  # type: ignore[no-untyped-def]
    district = DistrictFactory(state="TX", name=name, locale_code="")
    DistrictEnrollment.objects.create(district=district, school_year="2013-14", all_students=students, white=students, economically_disadvantaged=0,
                                      english_learners=0, students_with_disabilities=0, source="test", **RACES)  # fmt: skip
    users = [User.objects.create(email=f"{district.nces_leaid}-{k}@example.org", full_name="Educator") for k in range(educators)]
    Membership.objects.bulk_create([Membership(user=u, organisation=district, role=Role.EDUCATOR) for u in users])
    Credential.objects.bulk_create(
        [Credential(issuer=world.issuer, version=world.version, recipient=u, district=district, name=world.version.name, status_index=50_000 + u.pk,
                    valid_from=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), document={"id": "x"}, jwt="x") for u in users[:holders]]
    )  # fmt: skip
    return district


@pytest.fixture
def compared(instrument):  # type: ignore[no-untyped-def]
    """A participating district (20 educators, 10 holding one; a program with two indicators, one moving) and five
    similar districts that take part in nothing, each showing one case of the rule."""
    world = build_world()
    me = _district("Participating district", 500, 20, 10, world)
    app = pf.to_approved(pf.program(), pf.lead(me), pf.admin(), pf.reviewer())
    Indicator.objects.create(application=app, name="Attendance", baseline=Decimal(90), target=Decimal(95), data_source="SIS")
    report = AnnualReport.objects.create(application=app, year=1, narrative="Year one.", is_public=True)
    IndicatorValue.objects.create(report=report, indicator=Indicator.objects.get(application=app, name="Students on track"), value=Decimal(50))
    cases = {
        "small": _district("Small holders district", 520, 12, 3, world),  # 3 holders: fewer than 10, hidden
        "complement": _district("Complement district", 510, 12, 11, world),  # 1 without one: the 11 would reveal it, hidden
        "unknown": _district("No educators district", 505, 0, 0, world),  # no educator on record: unknown, not zero
        "pooled": _district("Pooled district", 495, 3, 1, world),  # pooled on the credentials dashboard: hidden
        "zero": _district(FORMULA_NAME, 490, 15, 0, world),  # none holds one: a true zero
    }
    _district("Large district", 50_000, 8, 0, world)  # not similar; with the pooled one, the pool reaches the minimum
    ReadinessRound.objects.create(district=cases["small"], instrument=instrument, title="Fall", status=RoundStatus.SUBMITTED, tier_code="tier-2",
                                  score=Decimal("2.6"), result={"tier_name": "Tier 2"}, submitted_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))  # fmt: skip
    growth_tally_rebuild(jurisdiction("TX").pk)
    content_changed("places", "accounts", "credentials", "capacity", "programs")
    return me, cases


def test_the_api_gives_every_modules_indicators_with_small_counts_hidden_and_unknowns_unknown(client, compared):
    me, cases = compared
    client.force_login(person(Role.STATE_REVIEWER, state_agency("TX")))
    body = client.get("/api/v1/insights/comparison", {"state": "TX", "leaid": me.nces_leaid}).json()
    mine = body["district"]["indicators"]
    assert mine["program_indicators"] == {"reached": 0, "moving": 1, "not_yet": 0, "no_report": 1}
    assert mine["readiness_tier"] is None  # no readiness round: unknown
    assert (mine["educators"]["count"], mine["educators_with_micro_credential"]["count"], mine["share_with_micro_credential"]["text"]) == (20, 10, "50%")
    got = {d["leaid"]: d["indicators"] for d in body["similar"]}
    assert set(got) == {d.nces_leaid for d in cases.values()}
    ind = {key: got[d.nces_leaid] for key, d in cases.items()}
    assert all(i["program_indicators"] is None and i["network_memberships"] == 0 for i in ind.values())  # in no program
    assert ind["small"]["readiness_tier"] == {"code": "tier-2", "name": "Tier 2"}
    hidden = {"count": None, "suppressed": True}
    assert ind["small"]["educators"]["count"] == 12 and ind["small"]["educators_with_micro_credential"].items() >= hidden.items()
    assert ind["complement"]["educators"]["count"] == 12 and ind["complement"]["educators_with_micro_credential"].items() >= hidden.items()
    assert "subtraction" in ind["complement"]["educators_with_micro_credential"]["reason"]
    assert ind["pooled"]["educators"].items() >= hidden.items() and ind["pooled"]["educators_with_micro_credential"].items() >= hidden.items()
    assert ind["unknown"]["educators"] == {"count": None, "suppressed": False, "reason": "No educator of this district is on record."}
    assert ind["zero"]["educators_with_micro_credential"] == {"count": 0, "suppressed": False, "reason": None}
    assert ind["zero"]["share_with_micro_credential"]["text"] == "0%"
    for i in ind.values():  # a hidden count never leaks through its share
        if i["educators_with_micro_credential"]["suppressed"]:
            assert i["share_with_micro_credential"] == {"percent": None, "text": "Hidden", "suppressed": True}


def test_the_openapi_document_declares_the_indicators():
    from statewide.api.v1 import api  # noqa: PLC0415

    schemas = api.get_openapi_schema()["components"]["schemas"]
    district = schemas["InsightsComparisonDistrictOut"]["properties"]
    assert district["indicators"]["$ref"].endswith("/InsightsComparisonIndicatorsOut")
    fields = schemas["InsightsComparisonIndicatorsOut"]["properties"]
    assert {
        "readiness_tier",
        "network_memberships",
        "educators",
        "educators_with_micro_credential",
        "share_with_micro_credential",
        "program_indicators",
    } <= set(fields)
    assert "unknown" in fields["readiness_tier"]["description"] and "in no program" in fields["program_indicators"]["description"]


def test_the_page_and_downloads_show_the_same_marked_table(client, compared):
    me, cases = compared
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    html = client.get("/insights/TX/comparison/", {"district": me.nces_leaid}).content.decode()
    assert "Indicators side by side" in html and "Not in a program" in html and "Unknown (no readiness round)" in html and "Tier 2" in html
    for d in (me, *cases.values()):  # every district links to its report
        assert f'href="/insights/TX/districts/{d.nces_leaid}/"' in html
    assert f"/insights/TX/comparison.csv?district={me.nces_leaid}" in html
    csv_response = client.get("/insights/TX/comparison.csv", {"district": me.nces_leaid})
    assert csv_response["Content-Type"].startswith("text/csv") and "attachment" in csv_response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    header = next(r for r in rows if r[:1] == ["District"] and "Readiness tier (latest)" in r)
    table = {r[1]: dict(zip(header, r, strict=False)) for r in rows[rows.index(header) + 1 :] if len(r) == len(header)}
    holders = "Educators holding a micro-credential"
    assert table[me.nces_leaid][holders] == "10" and table[me.nces_leaid]["Program indicators: moving toward it"] == "1"
    assert table[cases["small"].nces_leaid][holders] == "Hidden" and table[cases["pooled"].nces_leaid]["Educators"] == "Hidden"
    assert table[cases["unknown"].nces_leaid][holders] == "Not reported" and table[cases["zero"].nces_leaid][holders] == "0"
    assert table[cases["zero"].nces_leaid]["District"] == "'" + FORMULA_NAME  # formula-safe
    assert table[cases["zero"].nces_leaid]["Program indicators: reached the target"] == "Not in a program"
    assert any(r and r[0].startswith("Hidden: a count of fewer than 10") for r in rows)  # suppression is explained
    book = load_workbook(io.BytesIO(client.get("/insights/TX/comparison.xlsx", {"district": me.nces_leaid}).content))
    assert book.sheetnames == ["Students", "Indicators", "Notes"]
    by_leaid = {r[1].value: r for r in list(book["Indicators"].iter_rows())[1:]}
    assert by_leaid[cases["small"].nces_leaid][5].value == "Hidden" and by_leaid[me.nces_leaid][5].value == 10  # numbers stay numbers
    name = by_leaid[cases["zero"].nces_leaid][0]
    assert name.data_type == "s" and name.value.endswith(FORMULA_NAME)  # text, never a formula
    assert client.get("/insights/TX/comparison.pdf", {"district": me.nces_leaid}).status_code == 404
    assert client.get("/insights/TX/comparison.csv", {"district": cases["zero"].nces_leaid}).status_code == 404  # takes part in nothing


def test_downloads_are_for_state_staff_and_the_district_report_links_to_its_comparison(client, compared):
    me, cases = compared
    client.force_login(person(Role.DISTRICT_LEAD, me))
    assert client.get("/insights/TX/comparison.csv", {"district": me.nces_leaid}).status_code == 403
    client.force_login(person(Role.STATE_REVIEWER, state_agency("TX")))
    report = client.get(f"/insights/TX/districts/{me.nces_leaid}/").content.decode()
    assert f'href="/insights/TX/comparison/?district={me.nces_leaid}"' in report
    other = client.get(f"/insights/TX/districts/{cases['small'].nces_leaid}/").content.decode()
    assert "/insights/TX/comparison/" not in other  # a district that takes part in nothing has no comparison
