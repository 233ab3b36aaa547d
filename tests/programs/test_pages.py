"""Pages of the programs module through the test client: the walk a district and the state take, and refusals."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from statewide.core.models import Job
from statewide.programs.models import Attachment
from statewide.programs.workflow import Status
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_non_waivable_rule_is_refused_on_the_page_with_its_citation(client: Client) -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_conditional(prog, lead, admin, rev)
    client.force_login(lead)
    url = f"{BASE}/applications/{app.public_id}/plan/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "flex", "flex-rule": "tx-accountability", "flex-justification": "We want our own ratings."})
    assert response.status_code == 400
    form = response.context["flex_form"]
    assert "Tex. Educ. Code ch. 12A (exemptions it does not allow): accountability" in form.errors["rule"][0]
    assert "cannot be waived" in response.content.decode()
    assert not app.flexibilities.exists()
    ok = client.post(url, {"form": "flex", "flex-rule": "tx-charter-flexibilities", "flex-justification": "Calendar flexibility."})
    assert ok.status_code == 302 and app.flexibilities.count() == 1


def test_the_district_walks_its_draft_with_autosave_and_submits(client: Client) -> None:
    prog, lead = f.program(), f.lead()
    client.force_login(lead)
    assert client.get(f"{BASE}/{prog.public_id}/").status_code == 200
    response = client.post(f"{BASE}/{prog.public_id}/apply/", {"title": "Flexible high school", "organisation": str(f.lead_org(lead).public_id)})
    assert response.status_code == 302
    app = lead_app = prog.applications.get()
    step_url = f"{BASE}/applications/{app.public_id}/steps/vision/"
    assert client.get(step_url).status_code == 200
    saved = client.post(step_url, {"vision": "Students move on when ready."}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "Saved." in saved.content.decode() and "<html" not in saved.content.decode()
    lead_app.refresh_from_db()
    assert lead_app.answers["vision"] == "Students move on when ready."
    bad = client.post(step_url, {"vision": "bad\x00text"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    submit_url = f"{BASE}/applications/{app.public_id}/submit/"
    refused = client.post(submit_url, {"assurances": [a.pk for a in prog.assurances.all()]})
    assert refused.status_code == 400  # readiness and community are unanswered
    client.post(f"{BASE}/applications/{app.public_id}/steps/readiness/", {"readiness": "A team of six."})
    client.post(f"{BASE}/applications/{app.public_id}/steps/community/", {"community": "Three town halls."})
    done = client.post(submit_url, {"assurances": [a.pk for a in prog.assurances.all()]})
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_state_review_scoring_decision_letter_and_email(client: Client) -> None:
    prog = f.program("KY", "kentucky")
    lead, admin, rev = f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    app = f.draft(prog, lead)
    from statewide.programs import services  # noqa: PLC0415

    services.application_submit(actor=lead, application=app)
    client.force_login(admin)
    page = f"{BASE}/applications/{app.public_id}/"
    assert client.get(page).status_code == 200
    client.post(f"{BASE}/applications/{app.public_id}/assign/", {"reviewer": rev.email})
    client.post(f"{BASE}/applications/{app.public_id}/move/start_review/")
    client.post(f"{BASE}/applications/{app.public_id}/comments/", {"body": "Internal: check the budget.", "visibility": "internal"})
    client.post(f"{BASE}/applications/{app.public_id}/comments/", {"body": "Please add a timeline.", "visibility": "applicant"})
    client.force_login(rev)
    score_url = f"{BASE}/applications/{app.public_id}/score/"
    assert client.get(score_url).status_code == 200
    client.post(score_url, {"form": "declare", "no_conflict": "yes"})
    criteria = list(prog.criteria.all())
    missing = client.post(score_url, {"form": "score"})
    assert missing.status_code == 400
    client.post(score_url, {"form": "score", **{f"criterion_{c.pk}": "2" for c in criteria}})
    assert app.assignments.get().scores.count() == len(criteria)
    client.force_login(admin)
    assert client.post(f"{BASE}/applications/{app.public_id}/decide/", {"kind": "conditionally_approve", "note": "Plan within 90 days."}).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CONDITIONAL
    decision = app.decisions.get()
    letter = client.get(f"{BASE}/applications/{app.public_id}/decisions/{decision.public_id}/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert Job.objects.filter(kind="programs-decision").exists()
    assert [m.to for m in mail.outbox] == [[lead.email]] and "conditionally approve" in mail.outbox[0].body
    # The applicant sees the comment addressed to them, never the internal one.
    client.force_login(lead)
    body = client.get(page).content.decode()
    assert "Please add a timeline." in body and "check the budget" not in body


def test_uploads_are_checked_by_content_and_served_only_to_those_who_may_see_them(client: Client) -> None:
    prog, lead = f.program(), f.lead()
    app = f.draft(prog, lead)
    client.force_login(lead)
    url = f"{BASE}/applications/{app.public_id}/files/"
    fake = client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")})
    assert fake.status_code == 400 and not Attachment.objects.exists()
    assert client.post(url, {"file": SimpleUploadedFile("chart.png", PNG, content_type="image/png")}).status_code == 302
    att = Attachment.objects.get()
    assert att.content_type == "image/png" and att.name == "chart.png" and str(att.public_id) in att.file.name
    file_url = f"{BASE}/applications/{app.public_id}/files/{att.public_id}/"
    got = client.get(file_url)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    client.force_login(f.lead())
    assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 404


def test_public_registry_feed_and_participant_show_no_draft_review_or_internal_comment(client: Client) -> None:
    from statewide.programs import services  # noqa: PLC0415

    prog, admin, rev = f.program(), f.admin(), f.reviewer()
    approved = f.to_approved(prog, f.lead(), admin, rev)
    services.comment_add(actor=admin, application=approved, body="SECRET internal note", visibility="internal")
    draft_lead = f.lead()
    draft = f.draft(prog, draft_lead)
    services.application_save_answers(actor=draft_lead, application=draft, answers={"vision": "DRAFT vision text"})
    registry = client.get(f"{BASE}/registry/TX/").content.decode()
    assert approved.organisation.name in registry and draft.organisation.name not in registry
    assert "Tex. Educ. Code ch. 12A" in registry  # the approved flexibility's citation
    participant = client.get(f"{BASE}/participants/{approved.public_id}/").content.decode()
    assert "SECRET" not in participant and "Our vision answer" not in participant
    assert client.get(f"{BASE}/participants/{draft.public_id}/").status_code == 404
    feed = client.get(f"{BASE}/registry/TX/decisions.atom")
    assert feed.status_code == 200 and b"approve" in feed.content and draft.organisation.name.encode() not in feed.content


def test_dashboard_and_exports(client: Client) -> None:
    from decimal import Decimal  # noqa: PLC0415

    from statewide.programs import services  # noqa: PLC0415

    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    services.annual_report_submit(actor=lead, application=app, year=1, narrative="=1+1 year one", values={app.indicators.get().pk: Decimal("50")})
    client.force_login(admin)
    page = client.get(f"{BASE}/{prog.public_id}/dashboard/")
    assert page.status_code == 200 and "<svg" in page.content.decode() and "50%" in page.content.decode()
    csv = client.get(f"{BASE}/{prog.public_id}/participants.csv").content.decode()
    assert app.organisation.name in csv and "Students on track" in csv
    xlsx = client.get(f"{BASE}/{prog.public_id}/participants.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 2
    client.force_login(lead)
    assert client.get(f"{BASE}/{prog.public_id}/dashboard/").status_code == 403  # the program is public, managing it is not
