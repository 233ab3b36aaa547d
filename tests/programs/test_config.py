"""Configuring a program after creating it: pages and API, permission, audit, and edits refused while they would
break applications in progress."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.programs import services
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
API = "/api/v1/programs"


def _settings_post(prog, **changes):  # type: ignore[no-untyped-def]
    data = {
        "name": prog.name,
        "summary": prog.summary,
        "authority_citation": prog.authority_citation,
        "authority_url": prog.authority_url,
        "checked_on": prog.checked_on.isoformat() if prog.checked_on else "",
        "applicant_kinds": prog.applicant_kinds,
        "term_years": prog.term_years,
        "opens_on": "",
        "closes_on": "",
        "plan_due_days": prog.plan_due_days,
        "report_due_month": prog.report_due_month,
        "report_due_day": prog.report_due_day,
        "renewal_window_days": prog.renewal_window_days,
        "spread_threshold": prog.spread_threshold,
        "approval_groups": "",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_the_state_admin_edits_settings_on_the_page_with_field_errors_and_audit(client: Client) -> None:
    prog, admin = f.program("KY", "kentucky"), f.admin("KY")
    approver = f.admin("KY")
    client.force_login(admin)
    url = f"{BASE}/{prog.public_id}/settings/"
    page = client.get(url)
    assert page.status_code == 200 and "Program settings" in page.content.decode()
    bad = client.post(url, _settings_post(prog, opens_on="2027-03-01", closes_on="2027-01-01"))
    assert bad.status_code == 400 and bad.context["form"].errors["closes_on"]
    feb30 = client.post(url, _settings_post(prog, report_due_month=2, report_due_day=30))
    assert feb30.status_code == 400 and feb30.context["form"].errors["report_due_day"]
    nobody = client.post(url, _settings_post(prog, approval_groups="approve: nobody@example.org"))
    assert nobody.status_code == 400 and "nobody@example.org" in nobody.context["form"].errors["approval_groups"][0]
    not_a_decision = client.post(url, _settings_post(prog, approval_groups="submit: " + approver.email))
    assert not_a_decision.status_code == 400 and not_a_decision.context["form"].errors["approval_groups"]
    ok = client.post(
        url,
        _settings_post(
            prog,
            name="Kentucky Districts of Innovation 2027",
            authority_citation="KRS 156.108",
            term_years=4,
            opens_on="2027-01-01",
            closes_on="2027-03-01",
            approval_groups=f"approve: {approver.email.upper()}",
        ),
    )
    assert ok.status_code == 302
    prog.refresh_from_db()
    assert (prog.name, prog.authority_citation, prog.term_years, str(prog.closes_on)) == (
        "Kentucky Districts of Innovation 2027",
        "KRS 156.108",
        4,
        "2027-03-01",
    )
    assert prog.approval_groups == {"approve": [approver.email]}
    event = AuditEvent.objects.get(action="programs_program.update")
    assert event.before["term_years"] == 5 and event.after["term_years"] == 4 and event.actor_label == admin.email


def test_only_the_programs_state_admins_configure_it(client: Client) -> None:
    prog = f.program("KY", "kentucky")
    hidden = f.program("KY", "kentucky", is_public=False, name="Hidden")
    for user, status in ((f.admin("TX"), 403), (f.lead(state="KY"), 403), (f.reviewer("KY"), 403)):
        client.force_login(user)
        assert client.get(f"{BASE}/{prog.public_id}/settings/").status_code == status
        assert client.get(f"{BASE}/{prog.public_id}/rules/new/").status_code == status
    client.force_login(f.admin("TX"))
    assert client.get(f"{BASE}/{hidden.public_id}/settings/").status_code == 404
    r = client.patch(f"{API}/{hidden.public_id}/", {"term_years": 2}, content_type="application/json")
    assert r.status_code == 404
    r = client.patch(f"{API}/{prog.public_id}/", {"term_years": 2}, content_type="application/json")
    assert r.status_code == 403


def test_a_rule_is_added_and_edited_but_a_requested_rule_cannot_silently_become_non_waivable(client: Client) -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    rule = app.flexibilities.get().rule
    client.force_login(admin)
    new = f"{BASE}/{prog.public_id}/rules/new/"
    no_reason = {
        "code": "tx-class-size",
        "citation": "Tex. Educ. Code §25.112",
        "summary": "Class size limits in early grades.",
        "source_url": "https://statutes.capitol.texas.gov/",
    }
    refused = client.post(new, no_reason)
    assert refused.status_code == 400 and refused.context["form"].errors["reason"]
    added = client.post(new, {**no_reason, "waivable": "on", "checked_on": "2026-11-30"})
    assert added.status_code == 302 and prog.rules.get(code="tx-class-size").waivable
    again = client.post(new, {**no_reason, "waivable": "on"})
    assert again.status_code == 400 and again.context["form"].errors["code"]
    edit = f"{BASE}/{prog.public_id}/rules/{rule.code}/"
    assert client.get(edit).status_code == 200
    flip = {"citation": rule.citation, "summary": rule.summary, "reason": "The legislature removed it.", "source_url": rule.source_url}
    blocked = client.post(edit, flip)
    assert blocked.status_code == 400
    assert "1 approved and 0 pending" in blocked.context["form"].errors["waivable"][0]
    rule.refresh_from_db()
    assert rule.waivable
    summary = client.post(edit, {**flip, "waivable": "on", "summary": "A clearer summary."})
    assert summary.status_code == 302
    rule.refresh_from_db()
    assert rule.summary == "A clearer summary." and AuditEvent.objects.filter(action="programs_rule.update").count() == 1
    # The API gives the same refusal on the same field.
    r = client.put(f"{API}/{prog.public_id}/rules/{rule.code}", {**flip, "waivable": False}, content_type="application/json")
    assert r.status_code == 400 and "waivable" in r.json()["error"]["fields"]
    created = client.post(f"{API}/{prog.public_id}/rules", {**no_reason, "code": "tx-calendar", "waivable": True}, content_type="application/json")
    assert created.status_code == 201 and created.json()["code"] == "tx-calendar"
    # A rule nobody requested may become non-waivable, with its reason.
    unrequested = f"{API}/{prog.public_id}/rules/tx-calendar"
    flipped = client.put(unrequested, {**no_reason, "waivable": False, "reason": "Not in chapter 12A."}, content_type="application/json")
    assert flipped.status_code == 200 and flipped.json()["waivable"] is False


def test_a_scored_criterion_keeps_levels_and_weight_and_an_affirmed_assurance_keeps_its_text(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    assignment = services.assignment_create(actor=admin, application=app, reviewer=rev)
    services.application_transition(actor=admin, application=app, transition="start_review")
    services.assignment_declare(actor=rev, assignment=assignment, no_conflict=True)
    services.review_score(actor=rev, assignment=assignment, levels={c.pk: 2 for c in prog.criteria.all()})
    client.force_login(admin)
    url = f"{BASE}/{prog.public_id}/criteria/1/"
    first = prog.criteria.first()
    assert first is not None and client.get(url).status_code == 200
    levels = "\n".join(f"{x['score']}: {x['label']}" for x in first.levels)
    reweighed = client.post(url, {"name": first.name, "guidance": first.guidance, "weight": 5, "levels": levels})
    assert reweighed.status_code == 400 and "scored" in reweighed.context["form"].errors["levels"][0]
    bad_levels = client.post(url, {"name": first.name, "weight": first.weight, "levels": "three: Strong"})
    assert bad_levels.status_code == 400 and "Line 1" in bad_levels.context["form"].errors["levels"][0]
    guided = client.post(url, {"name": first.name, "guidance": "Look for student agency.", "weight": first.weight, "levels": levels})
    assert guided.status_code == 302
    first.refresh_from_db()
    assert first.guidance == "Look for student agency." and first.weight == 2
    added = client.post(f"{BASE}/{prog.public_id}/criteria/new/", {"name": "Equity", "weight": 1, "levels": "0: Missing\n1: Present"})
    assert added.status_code == 400  # open applications already have scores
    assert client.get(f"{BASE}/{prog.public_id}/criteria/99/").status_code == 404
    r = client.put(f"{API}/{prog.public_id}/criteria/1", {"name": first.name, "weight": 3, "levels": first.levels}, content_type="application/json")
    assert r.status_code == 400 and "levels" in r.json()["error"]["fields"]
    assurance = f"{BASE}/{prog.public_id}/assurances/1/"
    changed = client.post(assurance, {"text": "A different promise.", "source": ""})
    assert changed.status_code == 400 and changed.context["form"].errors["text"]
    extra = client.post(f"{BASE}/{prog.public_id}/assurances/new/", {"text": "The board approved the application in a public meeting.", "source": "Statewide"})
    assert extra.status_code == 302 and prog.assurances.count() == 4


def test_who_may_apply_keeps_kinds_with_open_applications() -> None:
    prog, lead = f.program("KY", "kentucky"), f.lead(state="KY")
    f.draft(prog, lead)
    admin = f.admin("KY")
    with pytest.raises(ApplicationError) as exc:
        services.program_update(actor=admin, program=prog, applicant_kinds=["school"])
    assert "applicant_kinds" in exc.value.fields
    services.program_update(actor=admin, program=prog, applicant_kinds=["district", "school"])
    prog.refresh_from_db()
    assert prog.applicant_kinds == ["district", "school"]
