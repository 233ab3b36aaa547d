"""Content editors edit the resource library through the API (create, update, withdraw) with the pages' services."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.capacity.models import Resource
from statewide.core.audit import AuditEvent
from tests.factories import DistrictFactory, person

pytestmark = pytest.mark.django_db

GOOD = {"title": "Rubric", "kind": "tool", "url": "https://example.org/rubric", "source": "Example", "domains": ["assessment-literacy"]}


def test_editors_create_update_and_withdraw_through_the_api(client, instrument):
    client.force_login(person(Role.CONTENT_EDITOR))
    made = client.post("/api/v1/capacity/resources", GOOD, content_type="application/json")
    assert made.status_code == 201
    rid = made.json()["id"]
    changed = client.put(f"/api/v1/capacity/resources/{rid}", {**GOOD, "title": "Rubric v2", "published": "2024"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["title"] == "Rubric v2" and changed.json()["published"] == "2024"
    assert Resource.objects.get(public_id=rid).title == "Rubric v2"
    # Field-level errors, nothing saved.
    bad = client.put(f"/api/v1/capacity/resources/{rid}", {**GOOD, "kind": "poem", "url": "javascript:alert(1)", "domains": ["nope"], "title": ""},
                     content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    fields = bad.json()["error"]["fields"]
    assert {"kind", "url", "domains", "title"} <= set(fields)
    assert Resource.objects.get(public_id=rid).title == "Rubric v2"
    assert "Rubric v2" in client.get("/capacity/resources/").content.decode()
    withdrawn = client.post(f"/api/v1/capacity/resources/{rid}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"]
    again = client.post(f"/api/v1/capacity/resources/{rid}/withdraw")
    assert again.status_code == 400 and "resource" in again.json()["error"]["fields"]
    assert list(AuditEvent.objects.filter(object_id=rid).order_by("id").values_list("action", flat=True)) == [
        "resource.create",
        "resource.update",
        "resource.withdraw",
    ]
    # Gone from the public library and its API; the editor still reads it (to correct it).
    assert client.get(f"/api/v1/capacity/resources/{rid}").status_code == 200
    client.logout()
    assert "Rubric v2" not in client.get("/capacity/resources/").content.decode()
    assert client.get(f"/api/v1/capacity/resources/{rid}").status_code == 404


def test_others_may_not_edit_and_the_page_withdraws_with_the_same_service(client, instrument):
    editor = person(Role.CONTENT_EDITOR)
    client.force_login(editor)
    rid = client.post("/api/v1/capacity/resources", GOOD, content_type="application/json").json()["id"]
    client.force_login(person(Role.DISTRICT_LEAD, DistrictFactory(state="TX")))
    assert client.put(f"/api/v1/capacity/resources/{rid}", GOOD, content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/capacity/resources/{rid}/withdraw").status_code == 403
    assert client.post(f"/capacity/resources/{rid}/withdraw/").status_code == 403
    client.logout()
    assert client.post("/api/v1/capacity/resources", GOOD, content_type="application/json").status_code == 401
    client.force_login(editor)
    edit_page = client.get(f"/capacity/resources/{rid}/edit/").content.decode()
    assert f"/capacity/resources/{rid}/withdraw/" in edit_page
    assert client.post(f"/capacity/resources/{rid}/withdraw/").status_code == 302
    assert Resource.objects.get(public_id=rid).withdrawn_on is not None
    assert "Withdrawn from the library on" in client.get(f"/capacity/resources/{rid}/edit/").content.decode()
