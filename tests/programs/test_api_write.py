"""API writes of the application lifecycle: the same services and permission rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.programs import services
from statewide.programs.workflow import Status
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/programs"
JSON = "application/json"


def test_one_application_through_the_api_from_draft_to_an_approved_group_decision(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    first, second = f.admin("KY"), f.admin("KY")
    services.program_update(actor=admin, program=prog, approval_groups={"conditionally_approve": [first.email, second.email]})
    org = f.lead_org(lead)

    client.force_login(f.lead(state="KY"))  # a lead of another district cannot apply for this one
    r = client.post(f"{API}/{prog.public_id}/applications/", {"organization": str(org.public_id), "title": "Not ours"}, content_type=JSON)
    assert r.status_code == 400 and "organization" in r.json()["error"]["fields"]

    client.force_login(lead)
    r = client.post(
        f"{API}/{prog.public_id}/applications/", {"organization": str(org.public_id), "title": "Competency-based middle schools"}, content_type=JSON
    )
    assert r.status_code == 201 and r.json()["status"] == "draft"
    app_id = r.json()["id"]
    answers = {"vision": "Students advance on mastery.", "readiness": "A team of five.", "community": "Four forums."}
    missing = client.post(f"{API}/applications/{app_id}/submit", {"answers": answers, "assurances": [1, 2]}, content_type=JSON)
    assert missing.status_code == 400 and missing.json()["error"]["fields"]
    unknown = client.post(f"{API}/applications/{app_id}/submit", {"answers": answers, "assurances": [1, 2, 3, 9]}, content_type=JSON)
    assert unknown.status_code == 400 and "assurances" in unknown.json()["error"]["fields"]
    r = client.post(f"{API}/applications/{app_id}/submit", {"answers": answers, "assurances": [1, 2, 3]}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == Status.SUBMITTED
    assert client.post(f"{API}/applications/{app_id}/reviewers", {"email": rev.email}, content_type=JSON).status_code == 403

    client.force_login(admin)
    outsider = f.reviewer("TX")
    r = client.post(f"{API}/applications/{app_id}/reviewers", {"email": outsider.email}, content_type=JSON)
    assert r.status_code == 400 and "email" in r.json()["error"]["fields"]
    assert client.post(f"{API}/applications/{app_id}/reviewers", {"email": rev.email}, content_type=JSON).status_code == 201
    r = client.post(f"{API}/applications/{app_id}/transitions", {"transition": "start_review"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["status"] == Status.UNDER_REVIEW

    n = prog.criteria.count()
    scores = {"no_conflict": True, "scores": [{"criterion": i, "level": 2} for i in range(1, n + 1)]}
    client.force_login(outsider)  # a reviewer of another state sees nothing
    assert client.post(f"{API}/applications/{app_id}/scores", scores, content_type=JSON).status_code == 404
    client.force_login(f.reviewer("KY"))  # state staff, but not assigned
    assert client.post(f"{API}/applications/{app_id}/scores", scores, content_type=JSON).status_code == 403
    client.force_login(rev)
    partial = client.post(f"{API}/applications/{app_id}/scores", {**scores, "scores": scores["scores"][:1]}, content_type=JSON)
    assert partial.status_code == 400
    r = client.post(f"{API}/applications/{app_id}/scores", scores, content_type=JSON)
    assert r.status_code == 200 and r.json()["submitted_at"]
    assert client.post(f"{API}/applications/{app_id}/decisions", {"kind": "conditionally_approve"}, content_type=JSON).status_code == 403

    client.force_login(admin)
    r = client.post(f"{API}/applications/{app_id}/decisions", {"kind": "conditionally_approve", "note": "Plan within 90 days."}, content_type=JSON)
    assert r.status_code == 201 and r.json()["decided_at"] is None
    decision_id = r.json()["id"]
    approve = f"{API}/applications/{app_id}/decisions/{decision_id}/approve"
    assert client.post(approve, content_type=JSON).status_code == 403  # the proposer is not a named approver
    client.force_login(first)
    assert client.post(approve, content_type=JSON).json()["decided_at"] is None
    client.force_login(second)
    final = client.post(approve, content_type=JSON)
    assert final.status_code == 200 and final.json()["decided_at"]
    client.force_login(lead)
    assert client.get(f"{API}/applications/{app_id}/").json()["status"] == Status.CONDITIONAL


def test_the_writes_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, method in (
        ("/api/v1/programs/{program_id}/", "patch"),
        ("/api/v1/programs/{program_id}/rules", "post"),
        ("/api/v1/programs/{program_id}/rules/{code}", "put"),
        ("/api/v1/programs/{program_id}/criteria/{number}", "put"),
        ("/api/v1/programs/{program_id}/applications/", "post"),
        ("/api/v1/programs/applications/{public_id}/submit", "post"),
        ("/api/v1/programs/applications/{public_id}/reviewers", "post"),
        ("/api/v1/programs/applications/{public_id}/transitions", "post"),
        ("/api/v1/programs/applications/{public_id}/scores", "post"),
        ("/api/v1/programs/applications/{public_id}/decisions", "post"),
        ("/api/v1/programs/applications/{public_id}/decisions/{decision_id}/approve", "post"),
    ):
        assert method in paths[path], path
