"""The programs API: public registry, applications, reviews (state staff only), refusals in the error envelope."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.programs import services
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/programs"


def test_public_programs_list_participants_stage_term_and_flexibilities_only(client: Client) -> None:
    prog, admin, rev = f.program(), f.admin(), f.reviewer()
    approved = f.to_approved(prog, f.lead(), admin, rev)
    draft = f.draft(prog, f.lead())
    f.program(is_public=False, name="Hidden pilot")
    body = client.get(f"{API}/?state=TX").json()
    assert [p["name"] for p in body["items"]] == [prog.name]
    participants = body["items"][0]["participants"]
    assert [p["id"] for p in participants] == [str(approved.public_id)] and str(draft.public_id) not in str(body)
    assert participants[0]["stage"] == "approved" and participants[0]["term_end"]
    assert participants[0]["approved_flexibilities"][0]["citation"] == "Tex. Educ. Code ch. 12A"


def test_non_waivable_rule_is_refused_by_the_api_with_a_field_error(client: Client) -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_conditional(prog, lead, admin, rev)
    client.force_login(lead)
    url = f"{API}/applications/{app.public_id}/flexibility-requests"
    r = client.post(url, {"rule": "tx-school-finance", "justification": "Please."}, content_type="application/json")
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "not_waivable" and "school finance" in error["fields"]["rule"][0]
    unknown = client.post(url, {"rule": "no-such-rule", "justification": "x"}, content_type="application/json")
    assert unknown.status_code == 400 and "rule" in unknown.json()["error"]["fields"]
    ok = client.post(url, {"rule": "tx-charter-flexibilities", "justification": "Calendar."}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["citation"] == "Tex. Educ. Code ch. 12A"


def test_applications_and_reviews_are_scoped(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    app = f.to_conditional(prog, lead, admin, rev)
    other_lead = f.lead(state="KY")
    client.force_login(other_lead)
    assert client.get(f"{API}/applications/").json()["items"] == []
    assert client.get(f"{API}/applications/{app.public_id}/").status_code == 404
    client.force_login(lead)
    assert [a["id"] for a in client.get(f"{API}/applications/").json()["items"]] == [str(app.public_id)]
    assert client.get(f"{API}/applications/{app.public_id}/reviews").status_code == 403  # the applicant never sees reviews
    client.force_login(f.reviewer("TX"))
    assert client.get(f"{API}/applications/{app.public_id}/reviews").status_code == 404
    client.force_login(rev)
    reviews = client.get(f"{API}/applications/{app.public_id}/reviews").json()
    assert reviews["reviews"][0]["reviewer"] == rev.email
    client.logout()
    assert client.get(f"{API}/applications/").status_code == 401
    decisions = client.get(f"{API}/decisions/").json()["items"]
    assert [d["kind"] for d in decisions] == ["conditionally_approve"]


def test_reports_api_shows_public_reports_to_everyone_private_to_the_district(client: Client) -> None:
    from decimal import Decimal  # noqa: PLC0415

    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    ind = app.indicators.get()
    services.annual_report_submit(actor=lead, application=app, year=1, narrative="Public year.", values={ind.pk: Decimal(1)}, is_public=True)
    services.annual_report_submit(actor=lead, application=app, year=2, narrative="Private year.", values={ind.pk: Decimal(2)})
    assert [r["year"] for r in client.get(f"{API}/reports/").json()["items"]] == [1]
    client.force_login(lead)
    assert sorted(r["year"] for r in client.get(f"{API}/reports/").json()["items"]) == [1, 2]
