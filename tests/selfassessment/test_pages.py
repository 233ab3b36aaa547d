"""Pages, exports and the API: permissions, suppression of small groups, respondent flow."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core import mail
from django.test import Client

from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.selfassessment import services
from statewide.selfassessment.models import CampaignStatus, ConsensusDecision, Respondent
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

pytestmark = pytest.mark.django_db
BASE = "/where-to-begin/self-assessment"


@pytest.fixture
def tx_admin():  # type: ignore[no-untyped-def]
    return person("state_admin", state_agency("TX"))


@pytest.fixture
def nh_admin():  # type: ignore[no-untyped-def]
    return person("state_admin", state_agency("NH"))


@pytest.fixture
def small_group_campaign():  # type: ignore[no-untyped-def]
    c = f.campaign(groups=["Legislators", "Educators", "Secret tiny group", "Students"])
    leg, edu, tiny, stu = c.groups.order_by("position")
    f.respondents(leg, 7, phase=0, comment="Legislators say so")
    f.respondents(edu, 12, phase=1, seed=2, comment="Educators say so")
    f.respondents(tiny, 2, phase=2, seed=3, comment="Tiny group remark")
    f.respondents(stu, 9, phase=1, seed=4)
    return c


def test_landing_page_is_public_and_lists_own_campaigns(client: Client, tx_admin, nh_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{BASE}/").status_code == 200
    client.force_login(tx_admin)
    assert small_group_campaign.title in client.get(f"{BASE}/").content.decode()
    client.force_login(nh_admin)
    assert small_group_campaign.title not in client.get(f"{BASE}/").content.decode()


def test_state_admin_creates_campaign_with_default_groups(client: Client, tx_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tx_admin)
    form = client.get(f"{BASE}/new/").content.decode()
    assert "Families and community" in form and "not confirmed by a source" in form
    ids = [str(c.pk) for c in f.conditions()]
    data = {
        "title": "Spring round",
        "state": "TX",
        "conditions": ids,
        "groups": "Legislators\nEducators",
        "opens_on": "2026-01-01",
        "closes_on": "2026-02-01",
        "threshold": "5",
    }
    resp = client.post(f"{BASE}/new/", data)
    assert resp.status_code == 302
    detail = client.get(resp["Location"]).content.decode()
    assert "Spring round" in detail and "/join/" in detail
    assert AuditEvent.objects.filter(action="selfassessment_campaign.create", scope_state="TX").exists()
    # Another state is refused
    data["state"] = "NH"
    assert client.post(f"{BASE}/new/", data).status_code == 400


def test_other_states_admin_and_anonymous_cannot_see_results(client: Client, nh_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    pid = small_group_campaign.public_id
    for path in ["", "results/", "results.csv", "results.xlsx", "meeting/", "roadmap/", "roadmap.csv", "compare/"]:
        assert client.get(f"{BASE}/{pid}/{path}").status_code == 302  # to sign-in
    client.force_login(nh_admin)
    for path in ["", "results/", "results.csv", "results.xlsx", "meeting/", "roadmap/", "roadmap.csv", "compare/"]:
        assert client.get(f"{BASE}/{pid}/{path}").status_code == 404, path
    assert client.post(f"{BASE}/{pid}/status/", {"status": "closed"}).status_code == 404
    assert client.get(f"/api/v1/self-assessments/{pid}/results").status_code == 404
    assert client.get("/api/v1/self-assessments/").json()["items"] == []


def test_reviewer_sees_results_but_cannot_manage(client: Client, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    reviewer = person("state_reviewer", state_agency("TX"))
    client.force_login(reviewer)
    pid = small_group_campaign.public_id
    assert client.get(f"{BASE}/{pid}/results/").status_code == 200
    assert client.get(f"{BASE}/{pid}/meeting/").status_code == 403
    assert client.post(f"{BASE}/{pid}/status/", {"status": "closed"}).status_code == 403


def test_small_group_is_never_exposed_in_pages_csv_xlsx_or_api(client: Client, tx_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tx_admin)
    pid = small_group_campaign.public_id
    page = client.get(f"{BASE}/{pid}/results/").content.decode()
    csv_text = client.get(f"{BASE}/{pid}/results.csv").content.decode()
    xlsx = client.get(f"{BASE}/{pid}/results.xlsx").content
    api = client.get(f"/api/v1/self-assessments/{pid}/results").json()
    meeting = client.get(f"{BASE}/{pid}/meeting/vision-for-student-success/").content.decode()
    for text in (page, csv_text, str(api), meeting):
        assert "Secret tiny group" not in text
        assert "Other groups (pooled)" in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert book.sheetnames == ["Results", "Priorities", "Comments"]
    assert not any("Secret tiny group" in c for c in cells) and "Other groups (pooled)" in cells
    assert "Tiny group remark" in cells  # the comment is exported, under the pool's label only
    # The pool (2) is below 5, so the smallest shown group (Legislators, 7) joins it: 9.
    groups = {g["label"]: g["respondents"] for g in api["groups"]}
    assert groups == {"Educators": 12, "Students": 9, "Other groups (pooled)": 9}
    assert "Tiny group remark" in page  # comments are kept, labelled with the pool
    assert "(Other groups (pooled)): Tiny group remark" in page


def test_below_threshold_overall_shows_nothing(client: Client, tx_admin) -> None:  # type: ignore[no-untyped-def]
    c = f.campaign()
    f.respondents(c.groups.first(), 3, phase=2)
    client.force_login(tx_admin)
    assert "Fewer than 5 people" in client.get(f"{BASE}/{c.public_id}/results/").content.decode()
    api = client.get(f"/api/v1/self-assessments/{c.public_id}/results").json()
    assert api["suppressed"] is True and api["conditions"] == [] and api["groups"] == []
    assert len(client.get(f"{BASE}/{c.public_id}/results.csv").content.decode().strip().splitlines()) == 1


def test_respondent_answers_saves_resumes_and_submits(client: Client) -> None:
    c = f.campaign()
    group = c.groups.first()
    assert len(group.token) >= 43  # token_urlsafe(32)
    assert client.get(f"{BASE}/join/{group.token}/").status_code == 200
    resp = client.post(f"{BASE}/join/{group.token}/")
    assert resp.status_code == 302
    answer_url = resp["Location"]
    page = client.get(answer_url).content.decode()
    assert "Not yet published in this pack." in page and "not confirmed" in page
    assert "usa-step-indicator" in page and 'aria-current="step"' in page
    data = {
        "step": "1",
        "phase_vision-for-student-success": "replication",
        "confidence_vision-for-student-success": "high",
        "comment_vision-for-student-success": "Evidence",
        "phase_collaborative-leadership": "not-started",
        "save": "1",
    }
    assert client.post(answer_url, data).status_code == 302
    respondent = Respondent.objects.get()
    assert respondent.submitted_at is None and respondent.ratings.count() == 2
    assert respondent.ratings.get(item__code="collaborative-leadership").not_started
    resumed = client.get(answer_url).content.decode()
    assert "Evidence" in resumed
    last = f"{answer_url}?step={_last_step(c)}"
    final = {"step": str(_last_step(c)), "submit": "1"}
    final["priorities"] = ["vision-for-student-success", "collaborative-leadership", "culture-of-innovation", "responsive-funding-systems"]
    assert client.post(last, final).status_code == 400  # more than three priorities
    final["priorities"] = final["priorities"][:3]
    assert "Thank you" in client.post(last, final).content.decode()
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None and respondent.priorities.count() == 3
    assert respondent.ratings.count() == 2, "answers of earlier steps are kept"
    assert AuditEvent.objects.filter(action="selfassessment_respondent.submit").exists()


def _last_step(c) -> int:  # type: ignore[no-untyped-def]
    return (c.conditions.count() + 2) // 3 + 1


def test_steps_keep_answers_and_move_forward_and_back(client: Client) -> None:
    c = f.campaign()
    answer_url = client.post(f"{BASE}/join/{c.groups.first().token}/")["Location"]
    codes = list(c.conditions.order_by("position").values_list("code", flat=True))
    first_step = client.get(answer_url).content.decode()
    assert f"phase_{codes[0]}" in first_step and f"phase_{codes[3]}" not in first_step
    resp = client.post(answer_url, {"step": "1", f"phase_{codes[0]}": "exploration", "next": "1"})
    assert resp.status_code == 302 and resp["Location"].endswith("?step=2")
    second = client.get(resp["Location"]).content.decode()
    assert f"phase_{codes[3]}" in second and "usa-step-indicator__segment--complete" in second
    resp = client.post(answer_url, {"step": "2", f"phase_{codes[3]}": "not-sure", "back": "1"})
    assert resp["Location"].endswith("?step=1")
    assert client.get(resp["Location"]).context["form"].initial[f"phase_{codes[0]}"] == "exploration"
    assert Respondent.objects.get().ratings.count() == 2
    assert client.get(f"{answer_url}?step=99").status_code == 200  # clamped to the last step


def test_an_empty_submission_is_refused_with_a_message_at_the_answers(client: Client) -> None:
    c = f.campaign()
    answer_url = client.post(f"{BASE}/join/{c.groups.first().token}/")["Location"]
    resp = client.post(answer_url, {"step": str(_last_step(c)), "submit": "1"})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert 'id="answers-error"' in html and "No condition has an answer yet." in html
    assert Respondent.objects.get().submitted_at is None


def test_invalid_tokens_are_404(client: Client) -> None:
    f.campaign()
    assert client.get(f"{BASE}/join/not-a-real-token/").status_code == 404
    assert client.get(f"{BASE}/answer/not-a-real-token/").status_code == 404
    assert client.post(f"{BASE}/join/{'x' * 43}/").status_code == 404


def test_closed_and_draft_campaigns_take_no_answers(client: Client) -> None:
    c = f.campaign(status=CampaignStatus.CLOSED)
    group = c.groups.first()
    assert "is closed" in client.get(f"{BASE}/join/{group.token}/").content.decode()
    assert client.post(f"{BASE}/join/{group.token}/").status_code == 403
    r = Respondent.objects.create(campaign=c, group=group)
    assert client.post(f"{BASE}/answer/{r.token}/", {"phase_vision-for-student-success": "replication", "submit": "1"}).status_code == 403
    assert not r.ratings.exists()
    draft = f.campaign(status=CampaignStatus.DRAFT, title="Draft")
    assert "not open" in client.get(f"{BASE}/join/{draft.groups.first().token}/").content.decode()


def test_submissions_are_rate_limited_per_address_and_link(client: Client) -> None:
    c = f.campaign()
    group = c.groups.first()
    for _ in range(services.SUBMISSION_LIMIT.limit):
        assert client.post(f"{BASE}/join/{group.token}/").status_code == 302
    assert client.post(f"{BASE}/join/{group.token}/").status_code == 429
    # Another link from the same address is not affected; another address is not either.
    other = c.groups.last()
    assert client.post(f"{BASE}/join/{other.token}/").status_code == 302
    assert client.post(f"{BASE}/join/{group.token}/", REMOTE_ADDR="10.9.8.7").status_code == 302


def test_personal_links_are_emailed_and_not_stored(client: Client, tx_admin) -> None:  # type: ignore[no-untyped-def]
    c = f.campaign()
    group = c.groups.first()
    client.force_login(tx_admin)
    resp = client.post(f"{BASE}/{c.public_id}/invite/", {"group": group.token, "emails": "a@example.org\nb@example.org"})
    assert resp.status_code == 302
    assert len(mail.outbox) == 2
    tokens = set(Respondent.objects.values_list("token", flat=True))
    assert any(t in mail.outbox[0].body for t in tokens)
    assert "a@example.org" not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_status_change_consensus_and_roadmap_are_audited(client: Client, tx_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tx_admin)
    pid = small_group_campaign.public_id
    assert client.post(f"{BASE}/{pid}/status/", {"status": "closed"}).status_code == 302
    resp = client.post(f"{BASE}/{pid}/meeting/vision-for-student-success/", {"level": "exploration", "rationale": "We agreed.", "is_priority": "on"})
    assert resp.status_code == 302 and resp["Location"].endswith("/collaborative-leadership/")
    d = ConsensusDecision.objects.get()
    assert d.level is not None and d.level.code == "exploration" and d.is_priority
    confirm_page = client.get(f"{BASE}/{pid}/meeting/baseline/").content.decode()
    n = small_group_campaign.conditions.count()
    assert f"{n - 1} of {n} conditions are still unrecorded" in confirm_page
    refused = client.post(f"{BASE}/{pid}/meeting/baseline/")
    assert refused.status_code == 400 and 'id="confirm-error"' in refused.content.decode()
    small_group_campaign.refresh_from_db()
    assert not small_group_campaign.is_baseline
    assert client.post(f"{BASE}/{pid}/meeting/baseline/", {"confirm": "yes"}).status_code == 302
    small_group_campaign.refresh_from_db()
    assert small_group_campaign.is_baseline
    roadmap = client.get(f"{BASE}/{pid}/roadmap/").content.decode()
    assert "Vision for Student Success" in roadmap or "vision" in roadmap.lower()
    entry = small_group_campaign.roadmap.get()
    assert (
        client.post(
            f"{BASE}/{pid}/roadmap/{entry.item.code}/",
            {f"{entry.item.code}-owner": "Deputy commissioner", f"{entry.item.code}-target_date": "2027-06-30", f"{entry.item.code}-notes": ""},
        ).status_code
        == 302
    )
    assert client.post(f"{BASE}/{pid}/roadmap/{entry.pk}/", {}).status_code == 404  # database keys are not in URLs
    assert client.post(f"{BASE}/{pid}/roadmap/no-such-condition/", {}).status_code == 404
    csv_text = client.get(f"{BASE}/{pid}/roadmap.csv").content.decode()
    assert "Deputy commissioner" in csv_text and "2027-06-30" in csv_text
    assert client.get(f"{BASE}/{pid}/roadmap.xlsx").content[:2] == b"PK"
    actions = set(AuditEvent.objects.filter(scope_state="TX").values_list("action", flat=True))
    assert {
        "selfassessment_campaign.set_status",
        "selfassessment_decision.record",
        "selfassessment_campaign.adopt_baseline",
        "selfassessment_roadmap.update",
    } <= actions


def test_roadmap_pdf_opens(client: Client, tx_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    client.force_login(tx_admin)

    services.decision_record(actor=SYSTEM, campaign=small_group_campaign, item=f.conditions()[1], level=None, rationale="x", is_priority=True)
    resp = client.get(f"{BASE}/{small_group_campaign.public_id}/roadmap.pdf")
    assert resp.status_code == 200 and resp.content[:4] == b"%PDF"


def test_rounds_show_movement(client: Client, tx_admin) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt  # noqa: PLC0415

    first = f.campaign(title="Round one", opens_on=dt.date(2025, 1, 1))
    f.respondents(first.groups.first(), 6, phase=0)
    second = f.campaign(title="Round two")
    f.respondents(second.groups.first(), 6, phase=1)
    client.force_login(tx_admin)
    page = client.get(f"{BASE}/{second.public_id}/compare/").content.decode()
    assert "Round one" in page and "up 1 phase" in page


def test_answer_link_is_rate_limited_too(client: Client) -> None:
    c = f.campaign()
    r = Respondent.objects.create(campaign=c, group=c.groups.first())
    data = {"phase_vision-for-student-success": "replication", "save": "1"}
    for _ in range(services.SUBMISSION_LIMIT.limit):
        assert client.post(f"{BASE}/answer/{r.token}/", data).status_code == 302
    assert client.post(f"{BASE}/answer/{r.token}/", data).status_code == 429


def test_links_are_distinct_and_long() -> None:
    c = f.campaign(groups=[f"Group {i}" for i in range(20)])
    tokens = list(c.groups.values_list("token", flat=True))
    assert len(set(tokens)) == 20
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes, URL-safe base64


def test_admin_extends_the_deadline_but_cannot_lower_the_threshold_after_answers(client: Client, tx_admin, nh_admin, small_group_campaign) -> None:  # type: ignore[no-untyped-def]
    c = small_group_campaign
    url = f"{BASE}/{c.public_id}/edit/"
    client.force_login(nh_admin)
    assert client.get(url).status_code == 404  # another state's campaign is invisible
    client.force_login(tx_admin)
    assert "Edit the title, dates or threshold" in client.get(f"{BASE}/{c.public_id}/").content.decode()
    later = c.closes_on.replace(year=c.closes_on.year + 1)
    form = {"title": "Round one (extended)", "opens_on": c.opens_on.isoformat(), "closes_on": later.isoformat(), "threshold": "4"}
    lowered = client.post(url, form)
    assert lowered.status_code == 400 and "it can be raised, not lowered" in lowered.content.decode()
    backwards = client.post(url, form | {"threshold": "5", "closes_on": c.opens_on.replace(year=c.opens_on.year - 1).isoformat()})
    assert backwards.status_code == 400 and "Pick a date after the opening date." in backwards.content.decode()
    c.refresh_from_db()
    assert c.threshold == 5 and c.title == "Round one"  # nothing half-written
    assert client.post(url, form | {"threshold": "6"}).status_code == 302
    c.refresh_from_db()
    assert (c.title, c.closes_on, c.threshold) == ("Round one (extended)", later, 6)
    event = AuditEvent.objects.get(action="selfassessment_campaign.update")
    assert event.before["threshold"] == 5 and event.after["threshold"] == 6 and event.scope_state == "TX"
