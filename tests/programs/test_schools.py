"""Who may apply: a district for itself, or its lead on behalf of one of its schools or a named group of them,
as the program accepts; the registry, the API and the exports show the schools."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.programs import services
from statewide.programs.models import Application
from tests.factories import DistrictFactory
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
API = "/api/v1/programs"


def test_a_lead_applies_for_a_school_or_a_named_group_on_the_page(client: Client) -> None:
    prog = f.program("KY", "kentucky")  # districts, single schools and groups of schools
    district = DistrictFactory(state="KY", name="WOODFORD COUNTY")
    lead = f.lead(district, state="KY")
    one, two, three = f.schools(district, 3)
    other = f.schools(DistrictFactory(state="KY", name="SCOTT COUNTY"), 1)[0]
    client.force_login(lead)
    url = f"{BASE}/{prog.public_id}/apply/"
    page = client.get(url).content.decode()
    assert one.name in page and other.name not in page
    base = {"title": "Competency pathways", "organisation": str(district.public_id)}
    none = client.post(url, {**base, "applicant_kind": "school"})
    assert none.status_code == 400 and none.context["form"].errors["schools"]
    foreign = client.post(url, {**base, "applicant_kind": "school", "schools": [other.nces_id]})
    assert foreign.status_code == 400 and foreign.context["form"].errors["schools"]  # not offered: not the lead's district
    unnamed = client.post(url, {**base, "applicant_kind": "school_group", "schools": [one.nces_id, two.nces_id]})
    assert unnamed.status_code == 400 and unnamed.context["form"].errors["group_name"]
    ok = client.post(url, {**base, "applicant_kind": "school_group", "schools": [one.nces_id, three.nces_id], "group_name": "East side"})
    assert ok.status_code == 302
    app = Application.objects.get(program=prog)
    assert app.applicant_kind == "school_group" and app.group_name == "East side" and {s.pk for s in app.schools.all()} == {one.pk, three.pk}
    shown = client.get(f"{BASE}/applications/{app.public_id}/").content.decode()
    assert "East side" in shown and three.name in shown


def test_a_program_refuses_a_kind_it_does_not_accept_and_the_registry_api_and_export_show_schools(client: Client) -> None:
    texas = f.program()  # districts only
    district = DistrictFactory(state="TX", name="AUSTIN ISD")
    lead = f.lead(district)
    school = f.schools(district, 1)[0]
    client.force_login(lead)
    body = {"organization": str(district.public_id), "title": "Lanier pathways", "applicant_kind": "school", "schools": [school.nces_id]}
    refused = client.post(f"{API}/{texas.public_id}/applications/", body, content_type="application/json")
    assert refused.status_code == 400 and "Districts" in refused.json()["error"]["fields"]["applicant_kind"][0]
    admin, rev = f.admin(), f.reviewer()
    services.program_update(actor=admin, program=texas, applicant_kinds=["district", "school"])
    unknown = client.post(f"{API}/{texas.public_id}/applications/", {**body, "schools": ["999999999999"]}, content_type="application/json")
    assert unknown.status_code == 400 and "999999999999" in unknown.json()["error"]["fields"]["schools"][0]
    made = client.post(f"{API}/{texas.public_id}/applications/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["schools"] == [{"nces_id": school.nces_id, "name": school.name}]
    app = Application.objects.get(public_id=made.json()["id"])
    services.application_save_answers(actor=lead, application=app, answers=dict.fromkeys(("vision", "readiness", "community"), "Answer."))
    services.application_affirm(actor=lead, application=app, assurances=list(texas.assurances.all()))
    services.application_submit(actor=lead, application=app)
    services.assignment_create(actor=admin, application=app, reviewer=rev)
    services.application_transition(actor=admin, application=app, transition="start_review")
    services.decision_propose(actor=lead, application=app, kind="conditionally_approve")  # Texas: the district's board decides
    client.logout()
    registry = client.get(f"{BASE}/registry/TX/").content.decode()
    assert school.name in registry
    participants = client.get(f"{API}/?state=TX").json()["items"][0]["participants"]
    assert participants[0]["applicant_kind"] == "school" and participants[0]["schools"][0]["nces_id"] == school.nces_id
    client.force_login(admin)
    csv = client.get(f"{BASE}/{texas.public_id}/participants.csv").content.decode()
    assert f"{school.name} ({school.nces_id})" in csv
