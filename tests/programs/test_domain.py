"""The programs module's domain rules, through its services and selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.programs import selectors, services
from statewide.programs.models import Program
from statewide.programs.signals import program_status_changed
from statewide.programs.templates import program_templates
from statewide.programs.workflow import Status
from tests.programs import factories as f

pytestmark = pytest.mark.django_db


def test_three_templates_ship_with_sourced_facts() -> None:
    templates = program_templates()
    assert next(iter(templates)) == "scaling" and set(templates) == {"scaling", "kentucky", "texas"}
    for t in templates.values():
        assert t["authority"]["url"].startswith("http") and t["authority"]["checked_on"]
        for rule in t["rules"]:
            assert rule["source_url"].startswith("http") and rule["checked_on"] and rule["citation"]


def test_a_non_waivable_rule_is_refused_with_its_citation() -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_conditional(prog, lead, admin, rev)
    rule = prog.rules.get(code="tx-state-assessment")
    with pytest.raises(ApplicationError) as exc:
        services.flexibility_request_add(actor=lead, application=app, rule=rule, justification="Please.")
    assert exc.value.code == "not_waivable" and rule.citation in exc.value.fields["rule"][0]
    assert not app.flexibilities.exists()


def test_a_rule_of_another_program_is_refused() -> None:
    prog, other, lead, admin, rev = f.program(), f.program("KY", "kentucky"), f.lead(), f.admin(), f.reviewer()
    app = f.to_conditional(prog, lead, admin, rev)
    with pytest.raises(ApplicationError):
        services.flexibility_request_add(actor=lead, application=app, rule=other.rules.first(), justification="x")


def test_submit_needs_every_answer_and_assurance() -> None:
    prog, lead = f.program(), f.lead()
    app = f.draft(prog, lead, complete=False)
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(actor=lead, application=app)
    assert "vision" in exc.value.fields
    services.application_save_answers(actor=lead, application=app, answers={"vision": "a", "readiness": "b", "community": "c"})
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(actor=lead, application=app)
    assert "assurances" in exc.value.fields


def test_a_district_lead_sees_only_their_own_applications() -> None:
    prog, lead_a, lead_b = f.program(), f.lead(), f.lead()
    app_a, app_b = f.draft(prog, lead_a), f.draft(prog, lead_b)
    assert list(selectors.application_list(lead_a)) == [app_a]
    assert list(selectors.application_list(lead_b)) == [app_b]
    with pytest.raises(PermissionDenied):
        services.application_save_answers(actor=lead_b, application=app_a, answers={"vision": "mine now"})


def test_a_reviewer_of_one_state_sees_nothing_of_another() -> None:
    tx, ky = f.program(), f.program("KY", "kentucky")
    tx_app = f.to_conditional(tx, f.lead(), f.admin(), f.reviewer())
    ky_app = f.to_conditional(ky, f.lead(state="KY"), f.admin("KY"), f.reviewer("KY"))
    ky_reviewer = f.reviewer("KY")
    assert list(selectors.application_list(ky_reviewer)) == [ky_app]
    # Of Texas, a Kentucky reviewer sees what anyone sees: the public decision, nothing more.
    assert list(selectors.decision_list(ky_reviewer).filter(application=tx_app)) == list(selectors.public_decisions().filter(application=tx_app))
    assert selectors.review_summary(ky_reviewer, tx_app).assignments == []
    assert not selectors.assignment_list(ky_reviewer, tx_app).exists()
    assert not selectors.comment_list(ky_reviewer, tx_app).exists()
    # A Texas draft is not even visible to Texas staff.
    tx_draft = f.draft(tx, f.lead())
    assert tx_draft not in selectors.application_list(f.reviewer())


def test_an_unassigned_reviewer_cannot_score() -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    assignment = services.assignment_create(actor=admin, application=app, reviewer=rev)
    services.application_transition(actor=admin, application=app, transition="start_review")
    levels = {c.pk: 1 for c in prog.criteria.all()}
    other = f.reviewer()
    with pytest.raises(PermissionDenied):
        services.review_score(actor=other, assignment=assignment, levels=levels)
    with pytest.raises(ApplicationError):  # assigned, but no conflict-of-interest declaration yet
        services.review_score(actor=rev, assignment=assignment, levels=levels)
    services.assignment_declare(actor=rev, assignment=assignment, no_conflict=True)
    services.review_score(actor=rev, assignment=assignment, levels=levels)
    assert assignment.scores.count() == prog.criteria.count()


def test_reviews_are_independent_then_revealed_and_spreads_flagged() -> None:
    prog, lead, admin = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY")
    r1, r2 = f.reviewer("KY"), f.reviewer("KY")
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    a1 = services.assignment_create(actor=admin, application=app, reviewer=r1)
    a2 = services.assignment_create(actor=admin, application=app, reviewer=r2)
    services.application_transition(actor=admin, application=app, transition="start_review")
    for a, r, _level in ((a1, r1, 3), (a2, r2, 0)):
        services.assignment_declare(actor=r, assignment=a, no_conflict=True)
    services.review_score(actor=r1, assignment=a1, levels={c.pk: 3 for c in prog.criteria.all()})
    before = selectors.review_summary(r2, app)  # r2 has not scored: sees no one's scores
    assert not before.revealed and all(a.reviewer_id == r2.pk for a in before.assignments)
    services.review_score(actor=r2, assignment=a2, levels={c.pk: 0 for c in prog.criteria.all()})
    after = selectors.review_summary(r2, app)
    assert after.revealed and len(after.assignments) == 2 and after.flagged and after.spread == 15


def test_approval_group_must_all_approve_and_the_signal_fires() -> None:
    admin, a1, a2 = f.admin("KY"), f.admin("KY"), f.admin("KY")
    prog = f.program("KY", "kentucky", approval_groups={"conditionally_approve": [a1.email, a2.email]})
    lead, rev = f.lead(state="KY"), f.reviewer("KY")
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    services.assignment_create(actor=admin, application=app, reviewer=rev)
    services.application_transition(actor=admin, application=app, transition="start_review")
    seen: list[tuple[str, str]] = []

    def receiver(sender: object, **kw: object) -> None:
        seen.append((str(kw["transition"]), str(kw["new_status"])))

    program_status_changed.connect(receiver)
    try:
        decision = services.decision_propose(actor=admin, application=app, kind="conditionally_approve")
        app.refresh_from_db()
        assert app.status == Status.UNDER_REVIEW and not decision.is_final
        with pytest.raises(PermissionDenied):
            services.decision_approve(actor=lead, decision=decision)
        services.decision_approve(actor=a1, decision=decision)
        app.refresh_from_db()
        assert app.status == Status.UNDER_REVIEW
        services.decision_approve(actor=a2, decision=decision)
        app.refresh_from_db()
        assert app.status == Status.CONDITIONAL and app.plan_due is not None
    finally:
        program_status_changed.disconnect(receiver)
    assert seen == [("conditionally_approve", "conditional")]


def test_an_amended_plan_keeps_every_version_and_needs_reapproval() -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    assert app.status == Status.APPROVED and app.term_end and app.flexibilities.filter(approved=True).count() == 1
    services.plan_amend(actor=lead, application=app, text="We will personalize learning in five high schools.", reason="Two more schools.")
    app.refresh_from_db()
    assert app.status == Status.AMENDMENT_SUBMITTED
    services.decision_propose(actor=lead, application=app, kind="approve_amendment")  # Texas: the local board decides
    services.plan_amend(actor=lead, application=app, text="We will personalize learning in six high schools.", reason="One more.")
    texts = list(app.plan_versions.order_by("number").values_list("number", "text"))
    assert [n for n, _t in texts] == [1, 2, 3] and "three" in texts[0][1] and "six" in texts[2][1]


def test_annual_report_and_completion() -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    ind = app.indicators.get()
    with pytest.raises(ApplicationError):
        services.annual_report_submit(actor=lead, application=app, year=1, narrative="Year one.", values={})
    services.annual_report_submit(actor=lead, application=app, year=1, narrative="Year one.", values={ind.pk: Decimal("45")}, is_public=True)
    rows = selectors.program_dashboard(admin, prog, app.term_start)
    assert rows[0].indicators == [("Students on track", Decimal("40.00"), Decimal("60.00"), Decimal("45.00"))]
    services.final_report_submit(actor=lead, application=app, final_evaluation="It worked.", sustainability_plan="Budgeted.")
    app.refresh_from_db()
    assert app.status == Status.COMPLETED
    assert AuditEvent.objects.filter(action="programs_application.complete", object_id=str(app.public_id)).exists()


def test_public_registry_shows_no_draft_or_review() -> None:
    prog = f.program()
    lead, admin, rev = f.lead(), f.admin(), f.reviewer()
    draft = f.draft(prog, lead)
    approved = f.to_approved(prog, f.lead(), admin, rev)
    registry = list(selectors.registry_list(state="TX"))
    assert registry == [approved] and draft not in registry
    Program.objects.filter(pk=prog.pk).update(is_public=False)
    assert not selectors.registry_list(state="TX").exists()


def test_demo_loads_a_texas_program_with_districts_at_every_stage() -> None:
    import io  # noqa: PLC0415

    from statewide.programs import demo  # noqa: PLC0415
    from tests.factories import DistrictFactory  # noqa: PLC0415

    for leaid, _stage, _years in demo.DISTRICTS:
        DistrictFactory(nces_leaid=leaid)
    f.reviewer().__class__.objects.filter(pk=f.reviewer().pk).update(email="tx-reviewer@statewide.example")
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    program = Program.objects.get(is_demo=True)
    statuses = dict(program.applications.values_list("organisation__nces_leaid", "status"))
    assert statuses == {leaid: stage for leaid, stage, _y in demo.DISTRICTS}
    austin = program.applications.get(organisation__nces_leaid="4808940")
    assert austin.reports.filter(is_public=True).count() == 1 and austin.flexibilities.get().approved
    assert selectors.registry_list(state="TX").count() == 3


def test_deadline_reminders_go_out_once_through_the_queue() -> None:
    import datetime as dt  # noqa: PLC0415

    from django.core import mail  # noqa: PLC0415

    from statewide.core.permissions import SYSTEM  # noqa: PLC0415
    from statewide.programs.services.reminders import program_reminders_send  # noqa: PLC0415

    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    app = f.to_conditional(prog, lead, admin, rev)  # the plan is due in 90 days
    assert app.plan_due is not None
    mail.outbox.clear()
    assert program_reminders_send(actor=SYSTEM, today=app.plan_due - dt.timedelta(days=45)) == 0
    assert program_reminders_send(actor=SYSTEM, today=app.plan_due - dt.timedelta(days=20)) == 1
    assert program_reminders_send(actor=SYSTEM, today=app.plan_due - dt.timedelta(days=10)) == 0  # already reminded
    assert [m.to for m in mail.outbox] == [[lead.email]] and "plan" in mail.outbox[0].subject
    assert program_reminders_send(actor=admin, today=app.plan_due) == 0  # a state admin's run sees only their state, reminded already
