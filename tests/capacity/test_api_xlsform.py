"""API, XLSForm (validated by pyxform) and the round trip of offline submissions; exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.instrument import item_codes
from statewide.capacity.models import Answer, ReadinessRound
from statewide.capacity.xlsform import xlsform_validate
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db


def test_the_xlsform_has_a_stable_url_in_the_api_and_pyxform_accepts_it(client, instrument):
    body = client.get("/api/v1/capacity/readiness-instrument").json()
    assert body["xlsform_url"].endswith("/api/v1/capacity/readiness-instrument.xlsx") and body["version"] == 1
    assert "not a state's" in body["authorship"]
    response = client.get("/api/v1/capacity/readiness-instrument.xlsx")
    assert response.status_code == 200
    xform = xlsform_validate(response.content)
    assert "performance_tasks" in xform and "district_leaid" in xform
    sheets = load_workbook(io.BytesIO(response.content)).sheetnames
    assert sheets == ["survey", "choices", "settings"]
    spec = client.get("/api/v1/openapi.json").json()
    assert "readiness_instrument_xlsform" in str(spec)


def _export(rows: list[dict[str, str]], codes: list[str], *, kobo: bool = False) -> str:
    """A CSV as ODK Central ("group-field") or KoboToolbox ("group/field") exports it."""
    sep = "/" if kobo else "-"
    header = ["SubmissionDate", "district_leaid", "round_title"]
    for code in codes:
        name = code.replace("-", "_")
        header += [f"d_x{sep}{name}", f"d_x{sep}note_{name}"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["2026-11-30", row["leaid"], row["title"], *[v for c in codes for v in (row.get(c, ""), row.get("note_" + c, ""))]])
    return out.getvalue()


@pytest.mark.parametrize("kobo", [False, True])
def test_exported_submissions_import_back_and_bad_files_are_refused_by_line(client, instrument, kobo):
    codes = item_codes(instrument.definition)
    district = DistrictFactory(state="TX")
    lead = person(Role.DISTRICT_LEAD, district)
    client.force_login(lead)
    good = _export(
        [{"leaid": district.nces_leaid, "title": "Offline fall", **dict.fromkeys(codes, "3"), "vision": "not_sure", "note_vision": "Asked the board"}],
        codes,
        kobo=kobo,
    )
    response = client.post("/api/v1/capacity/readiness-submissions", {"csv": good}, content_type="application/json")
    assert response.status_code == 200, response.content
    rnd = ReadinessRound.objects.get(district=district)
    assert rnd.title == "Offline fall" and rnd.answers.count() == len(codes)
    assert Answer.objects.get(round=rnd, item_code="vision").note == "Asked the board"
    bad = _export(
        [{"leaid": district.nces_leaid, "title": "x", "vision": "7"}, {"leaid": "4899999", "title": "y"}, {"leaid": "12", "title": "z"}], codes, kobo=kobo
    )
    response = client.post("/api/v1/capacity/readiness-submissions", {"csv": bad}, content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"line 2", "line 3", "line 4"} and "not a level" in fields["line 2"][0]
    assert Answer.objects.get(round=rnd, item_code="vision").level is None  # nothing changed
    other = DistrictFactory(state="TX")
    response = client.post(
        "/api/v1/capacity/readiness-submissions", {"csv": _export([{"leaid": other.nces_leaid, "title": "t"}], codes)}, content_type="application/json"
    )
    assert response.status_code == 403 and not ReadinessRound.objects.filter(district=other).exists()


def test_district_api_gains_the_public_tier_and_private_rounds_stay_private(client, instrument):
    district = DistrictFactory(state="TX")
    rnd = services.round_open(actor=SYSTEM, district=district, title="R", instrument=instrument)
    services.answers_save(actor=SYSTEM, round=rnd, answers=dict.fromkeys(item_codes(instrument.definition), (4, "")))
    services.round_submit(actor=SYSTEM, round=rnd)
    body = client.get(f"/api/v1/districts/{district.nces_leaid}").json()
    assert (body["readiness_tier"], body["readiness_tier_name"]) == ("tier-1", "Tier 1")
    assert client.get(f"/api/v1/districts/{district.nces_leaid}/readiness-rounds").json()["items"] == []
    client.force_login(person(Role.EDUCATOR, district))
    items = client.get(f"/api/v1/districts/{district.nces_leaid}/readiness-rounds").json()["items"]
    assert [i["tier"] for i in items] == ["tier-1"] and items[0]["result"]["domains"][0]["reason"]


def test_ta_and_supports_through_the_api_and_exports(client, instrument):
    district = DistrictFactory(state="TX")
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    services.support_create(
        actor=admin, jurisdiction=jurisdiction("TX"), strategy="partnerships", title="=HYPERLINK(1)", description="", provider="P", tiers=[], domains=[]
    )
    client.force_login(person(Role.EDUCATOR, district))
    created = client.post(f"/api/v1/districts/{district.nces_leaid}/ta-requests", {"topic": "Help", "urgency": "high"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "new"
    assert (
        client.post(f"/api/v1/districts/{district.nces_leaid}/ta-requests", {"topic": "", "urgency": "nope"}, content_type="application/json").status_code
        == 400
    )
    supports = client.get("/api/v1/capacity/states/TX/supports").json()["items"]
    assert supports[0]["demand"] is None
    assert client.get("/capacity/states/TX/supports.csv").status_code == 403
    client.force_login(admin)
    assert client.get("/api/v1/capacity/states/TX/supports").json()["items"][0]["demand"] == 0
    assert [t["topic"] for t in client.get("/api/v1/capacity/ta-requests").json()["items"]] == ["Help"]
    text = client.get("/capacity/states/TX/supports.csv").content.decode()
    assert "'=HYPERLINK(1)" in text  # neutralised by the one tabular writer
    assert client.get("/capacity/states/TX/ta.xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Help" in client.get("/capacity/states/TX/ta.csv").content.decode()
    assert client.get("/capacity/states/TX/rounds.csv").status_code == 200


def test_state_admins_configure_through_the_api_and_others_are_refused(client, instrument):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    tiers = {"tiers": [{"code": "emerging", "name": "Emerging", "min_score": 1}, {"code": "ready", "name": "Ready", "min_score": 2.5}], "ta_response_days": 3}
    client.force_login(person(Role.EDUCATOR, DistrictFactory(state="TX")))
    assert client.put("/api/v1/capacity/states/TX/tiers", tiers, content_type="application/json").status_code == 403
    assert client.get("/api/v1/capacity/states/TX/tiers").json()["is_default"] is True
    client.force_login(admin)
    body = client.put("/api/v1/capacity/states/TX/tiers", tiers, content_type="application/json").json()
    assert [t["code"] for t in body["tiers"]] == ["emerging", "ready"] and body["ta_response_days"] == 3
    bad = client.put("/api/v1/capacity/states/TX/tiers", {"tiers": [{"code": "a", "name": "A", "min_score": 7}]}, content_type="application/json")
    assert bad.status_code == 400 and "tiers[0].min_score" in bad.json()["error"]["fields"]
    made = client.post(
        "/api/v1/capacity/states/TX/supports", {"strategy": "partnerships", "title": "Partner coaching", "provider": "P"}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["demand"] == 0
    assert (
        client.post("/api/v1/capacity/states/TX/supports", {"strategy": "nope", "title": "x", "provider": "P"}, content_type="application/json").status_code
        == 400
    )
    assert client.post(
        "/api/v1/capacity/states/NH/supports", {"strategy": "partnerships", "title": "x", "provider": "P"}, content_type="application/json"
    ).status_code in (403, 404)
    net = client.post("/api/v1/capacity/states/TX/networks", {"title": "Cohort", "cap": 20}, content_type="application/json")
    assert net.status_code == 201 and net.json()["cap"] == 20
    assert (
        client.post(
            "/api/v1/capacity/resources", {"title": "R", "kind": "tool", "url": "https://example.org", "source": "S"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(person(Role.CONTENT_EDITOR))
    assert (
        client.post(
            "/api/v1/capacity/resources", {"title": "R", "kind": "tool", "url": "https://example.org", "source": "S"}, content_type="application/json"
        ).status_code
        == 201
    )
