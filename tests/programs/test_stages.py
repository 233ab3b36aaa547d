"""Stages and who acts, per program: optional stages left out, the role named per transition, and edits that
would strand applications in progress refused with the reason (page and API)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.programs import services
from statewide.programs.workflow import Status, available
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
API = "/api/v1/programs"


def test_leaving_out_review_and_planning_reroutes_through_the_one_table() -> None:
    names = lambda status, skipped: [t.name for t in available(status, skipped)]  # noqa: E731
    assert names(Status.SUBMITTED, ()) == ["start_review"]
    assert names(Status.SUBMITTED, ("review",)) == ["conditionally_approve", "request_revision", "decline"]
    assert names(Status.SUBMITTED, ("review", "planning")) == ["request_revision", "decline", "approve"]
    assert "approve" in names(Status.UNDER_REVIEW, ("planning",)) and "conditionally_approve" not in names(Status.UNDER_REVIEW, ("planning",))


def test_a_program_without_review_or_planning_year_approves_the_application_with_its_plan(client: Client) -> None:
    prog, lead, admin = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY")
    client.force_login(admin)
    page = client.get(f"{BASE}/{prog.public_id}/stages/")
    assert page.status_code == 200 and "Stages and who acts" in page.content.decode()
    saved = client.post(f"{BASE}/{prog.public_id}/stages/", {"skipped_stages": ["review", "planning"], "who_approve": "state_admin"})
    assert saved.status_code == 302
    prog.refresh_from_db()
    assert prog.skipped_stages == ["planning", "review"]
    assert AuditEvent.objects.get(action="programs_program.stages").after["skipped_stages"] == ["planning", "review"]
    public = client.get(f"{BASE}/{prog.public_id}/").content.decode()
    assert "This program leaves out" in public and "State review" in public
    named = client.post(
        f"{BASE}/{prog.public_id}/stages/", {"skipped_stages": ["review", "planning"], "labels": "submitted: Filed with the board\napproved: Five-year term"}
    )
    assert named.status_code == 302
    prog.refresh_from_db()
    assert [(e["status"], e["label"]) for e in prog.stages] == [("submitted", "Filed with the board"), ("approved", "Five-year term")]
    assert prog.stages[1]["source"]  # the approved stage keeps the source the template gave it
    bad = client.post(f"{BASE}/{prog.public_id}/stages/", {"labels": "someday: Later"})
    assert bad.status_code == 400 and "Line 1" in bad.context["form"].errors["labels"][0]
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    with pytest.raises(ApplicationError) as exc:  # the plan comes with the application: none filed yet
        services.decision_propose(actor=admin, application=app, kind="approve")
    assert "text" in exc.value.fields
    with pytest.raises(ApplicationError):  # no start_review without the review stage
        services.application_transition(actor=admin, application=app, transition="start_review")
    app2 = f.draft(prog, f.lead(state="KY"))
    lead2 = app2.created_by
    services.indicator_add(actor=lead2, application=app2, name="On track", baseline=Decimal(40), target=Decimal(60), data_source="SIS", cadence="annual")
    services.plan_submit(actor=lead2, application=app2, text="Competency-based progression in two middle schools.")
    app2.refresh_from_db()
    assert app2.status == Status.DRAFT  # filed with the draft, not submitted on its own
    services.application_submit(actor=lead2, application=app2)
    services.decision_propose(actor=admin, application=app2, kind="approve")
    app2.refresh_from_db()
    assert app2.status == Status.APPROVED and app2.term_end is not None


def test_leaving_out_a_stage_where_applications_stand_is_refused_with_the_reason(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    f.to_conditional(prog, lead, admin, rev)
    client.force_login(admin)
    refused = client.post(f"{BASE}/{prog.public_id}/stages/", {"skipped_stages": ["planning"]})
    assert refused.status_code == 400
    assert "1 applications in progress" in refused.context["form"].errors["skipped_stages"][0]
    r = client.put(f"{API}/{prog.public_id}/stages", {"skipped_stages": ["planning"]}, content_type="application/json")
    assert r.status_code == 400 and "skipped_stages" in r.json()["error"]["fields"]
    prog.refresh_from_db()
    assert prog.skipped_stages == []
    # The review stage holds nobody now: it may go; an approval group for a decision still reachable stays.
    services.program_update(actor=admin, program=prog, approval_groups={"approve": [admin.email]})
    ok = client.put(f"{API}/{prog.public_id}/stages", {"skipped_stages": ["review"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["skipped_stages"] == ["review"]
    assert "start_review" not in [row["transition"] for row in ok.json()["transitions"]]
    bad_role = client.put(f"{API}/{prog.public_id}/stages", {"actors": {"submit": "state_admin"}}, content_type="application/json")
    assert bad_role.status_code == 400 and "who_submit" in bad_role.json()["error"]["fields"]
    client.force_login(f.reviewer("KY"))
    assert client.get(f"{BASE}/{prog.public_id}/stages/").status_code == 403
    assert client.put(f"{API}/{prog.public_id}/stages", {}, content_type="application/json").status_code == 403


def test_who_acts_is_the_programs_choice(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    services.program_stages_update(actor=admin, program=prog, skipped_stages=[], actors={"start_review": "state_staff", "conditionally_approve": "applicant"})
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    services.assignment_create(actor=admin, application=app, reviewer=rev)
    client.force_login(rev)
    assert "Start the review" in client.get(f"{BASE}/applications/{app.public_id}/").content.decode()  # a reviewer may, in this program
    services.application_transition(actor=rev, application=app, transition="start_review")
    with pytest.raises(PermissionDenied):  # the applicant's board decides this one, not the state
        services.decision_propose(actor=admin, application=app, kind="conditionally_approve")
    client.force_login(lead)
    page = client.get(f"{BASE}/applications/{app.public_id}/decide/")
    assert page.status_code == 200 and "conditionally_approve" in page.content.decode()
    services.decision_propose(actor=lead, application=app, kind="conditionally_approve")
    app.refresh_from_db()
    assert app.status == Status.CONDITIONAL
    client.force_login(admin)  # the state decides nothing else in this status either? it may rescind
    assert client.get(f"{BASE}/applications/{app.public_id}/decide/").status_code == 200
