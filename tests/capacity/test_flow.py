"""The readiness lifecycle through pages and services: team, answers, submission, tier with reasons, report,
matched supports with reasons, technical assistance with triage and timing; private data stays private."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.instrument import item_codes
from statewide.capacity.models import ReadinessRound, TaRequest
from statewide.capacity.selectors import state_settings, ta_timing
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(instrument):
    district = DistrictFactory(state="TX")
    other = DistrictFactory(state="TX")
    lead = person(Role.DISTRICT_LEAD, district)
    member = person(Role.EDUCATOR, district)
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    texas = jurisdiction("TX")
    services.support_create(
        actor=admin, jurisdiction=texas, strategy="technical-assistance", title="Task design clinic", description="", provider="State agency",
        tiers=["tier-2", "tier-3"], domains=["assessment-literacy"],
    )  # fmt: skip
    services.support_create(
        actor=admin,
        jurisdiction=texas,
        strategy="specialized-training",
        title="Tier 1 calibration",
        description="",
        provider="State agency",
        tiers=["tier-1"],
        domains=[],
    )
    return {"district": district, "other": other, "lead": lead, "member": member, "admin": admin, "instrument": instrument}


def _post_answers(client, rnd, levels):
    data = {f"level-{code}": str(level) for code, level in levels.items()}
    return client.post(f"/capacity/rounds/{rnd.public_id}/", data)


def test_team_answers_lead_submits_and_district_lands_in_a_tier_with_reasons(client, setting):
    d, lead, member = setting["district"], setting["lead"], setting["member"]
    client.force_login(lead)
    response = client.post(f"/capacity/districts/{d.nces_leaid}/rounds/", {"title": "Fall 2026"})
    rnd = ReadinessRound.objects.get(district=d)
    assert response.status_code == 302 and response["Location"] == f"/capacity/rounds/{rnd.public_id}/"
    # Before the lead invites them, the member may look but not answer.
    client.force_login(member)
    assert client.get(f"/capacity/rounds/{rnd.public_id}/").status_code == 200
    assert _post_answers(client, rnd, {"vision": 3}).status_code == 403
    client.force_login(lead)
    client.post(f"/capacity/rounds/{rnd.public_id}/team/", {"email": member.email})
    client.force_login(member)
    codes = item_codes(setting["instrument"].definition)
    levels = dict.fromkeys(codes, 3) | {"performance-tasks": 1, "evidence-use": 2}
    assert _post_answers(client, rnd, levels).status_code == 302
    bad = client.post(f"/capacity/rounds/{rnd.public_id}/", {"level-vision": "9"})
    assert bad.status_code == 400 and "usa-error-message" in bad.content.decode()
    assert client.post(f"/capacity/rounds/{rnd.public_id}/submit/").status_code == 403  # only the lead submits
    client.force_login(lead)
    response = client.post(f"/capacity/rounds/{rnd.public_id}/submit/")
    assert response.status_code == 302
    rnd.refresh_from_db()
    # Mean of (3, 1.5, 3, 3, 3, 3) = 2.75: Tier 2 (2.25 up to 3.25); assessment literacy is the weakest.
    assert (rnd.tier_code, str(rnd.score), rnd.result["weakest"]) == ("tier-2", "2.75", ["assessment-literacy"])
    report = client.get(f"/capacity/rounds/{rnd.public_id}/report/").content.decode()
    assert "Tier 2" in report and "2.75 is at least 2.25" in report and "weakest" in report
    pdf = client.get(f"/capacity/rounds/{rnd.public_id}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    profile = client.get(f"/capacity/districts/{d.nces_leaid}/").content.decode()
    assert "You are Tier 2 and scored lowest on Assessment literacy (1.50)." in profile
    assert "Tier 1 calibration" not in profile  # serves Tier 1 only
    assert "<svg" in profile and "Fall 2026" in profile  # progress chart and its table
    assert AuditEvent.objects.filter(action="readiness_round.submit").count() == 1
    with pytest.raises(ApplicationError):
        services.answers_save(actor=lead, round=rnd, answers={"vision": (1, "")})


def test_private_readiness_data_stays_with_the_district_and_its_state(client, setting):
    other_round = services.round_open(actor=SYSTEM, district=setting["other"], title="Other", instrument=setting["instrument"])
    services.round_submit(actor=SYSTEM, round=other_round)
    client.force_login(setting["lead"])
    assert client.get(f"/capacity/rounds/{other_round.public_id}/").status_code == 404
    assert client.get(f"/capacity/rounds/{other_round.public_id}/report/").status_code == 404
    assert client.post(f"/capacity/districts/{setting['other'].nces_leaid}/rounds/", {"title": "x"}).status_code == 403
    page = client.get(f"/capacity/districts/{setting['other'].nces_leaid}/").content.decode()
    assert "Progress over time" not in page and "Technical assistance" not in page
    client.force_login(setting["admin"])
    assert client.get(f"/capacity/rounds/{other_round.public_id}/report/").status_code == 200
    client.logout()
    assert client.get(f"/capacity/rounds/{other_round.public_id}/").status_code == 302  # sign in first


def test_ta_request_triage_notes_close_and_timing(client, setting):
    d, member, admin = setting["district"], setting["member"], setting["admin"]
    client.force_login(member)
    response = client.post(
        f"/capacity/districts/{d.nces_leaid}/ta/", {"topic": "Scoring tasks", "details": "Help", "domains": ["assessment-literacy"], "urgency": "high"}
    )
    ta = TaRequest.objects.get()
    assert response.status_code == 302 and ta.requested_by == member
    assert client.post(f"/capacity/districts/{d.nces_leaid}/ta/", {"topic": "", "urgency": "high"}).status_code == 400
    assert client.post(f"/capacity/ta/{ta.public_id}/", {"action": "triage", "urgency": "low"}).status_code == 403
    client.force_login(admin)
    queue = client.get("/capacity/states/TX/ta/").content.decode()
    assert "Scoring tasks" in queue and "on time" in queue
    DistrictFactory(state="NH")
    assert client.get("/capacity/states/NH/ta/").status_code == 403  # another state's queue is not theirs
    assert client.post(f"/capacity/ta/{ta.public_id}/", {"action": "triage", "urgency": "normal", "assignee": admin.email}).status_code == 302
    assert client.post(f"/capacity/ta/{ta.public_id}/", {"action": "note", "kind": "visit", "text": "Visited"}).status_code == 400  # a visit needs its date
    assert client.post(f"/capacity/ta/{ta.public_id}/", {"action": "note", "kind": "visit", "visited_on": "2026-11-20", "text": "Visited"}).status_code == 302
    assert client.post(f"/capacity/ta/{ta.public_id}/", {"action": "close", "outcome": "Teams calibrated."}).status_code == 302
    ta.refresh_from_db()
    assert (ta.status, ta.assignee, ta.outcome) == ("closed", admin, "Teams calibrated.")
    assert ta.first_response_at is not None and ta.notes.count() == 1


def test_overdue_requests_are_flagged_against_the_state_target(setting):
    ta = services.ta_request_create(actor=setting["member"], district=setting["district"], topic="Late", details="", domains=[], urgency="normal")
    settings = state_settings(setting["district"].jurisdiction)
    assert not ta_timing(ta, settings).overdue
    later = ta.created_at + dt.timedelta(days=settings.ta_response_days, hours=1)
    assert ta_timing(ta, settings, now=later).response_overdue
    services.ta_triage(actor=setting["admin"], request=ta, assignee=None, urgency="high", at=ta.created_at + dt.timedelta(hours=5))
    ta.refresh_from_db()
    timing = ta_timing(ta, settings, now=later)
    assert round(timing.response_hours) == 5 and not timing.response_overdue and not timing.resolution_overdue
    assert ta_timing(ta, settings, now=timezone.now() + dt.timedelta(days=60)).resolution_overdue


def test_state_sets_its_own_tiers_and_bad_tiers_are_refused(setting):
    texas = jurisdiction("TX")
    with pytest.raises(ApplicationError) as caught:
        services.tier_scheme_set(actor=setting["admin"], jurisdiction=texas, tiers=[{"code": "a", "name": "A", "min_score": "9"}])
    assert "tiers" in caught.value.fields and "tiers[0].min_score" in caught.value.fields
    services.tier_scheme_set(
        actor=setting["admin"], jurisdiction=texas,
        tiers=[{"code": "emerging", "name": "Emerging", "min_score": 1}, {"code": "ready", "name": "Ready", "min_score": "2.5"}],
    )  # fmt: skip
    rnd = services.round_open(actor=setting["lead"], district=setting["district"], title="R", instrument=setting["instrument"])
    services.answers_save(actor=setting["lead"], round=rnd, answers=dict.fromkeys(item_codes(setting["instrument"].definition), (3, "")))
    assert services.round_submit(actor=setting["lead"], round=rnd).tier_code == "ready"
    with pytest.raises(PermissionDenied):
        services.tier_scheme_set(actor=setting["lead"], jurisdiction=texas, tiers=[])


def test_demand_per_support_is_shown_to_the_state_only(client, setting):
    rnd = services.round_open(actor=setting["lead"], district=setting["district"], title="R", instrument=setting["instrument"])
    services.answers_save(actor=setting["lead"], round=rnd, answers=dict.fromkeys(item_codes(setting["instrument"].definition), (2, "")))
    services.round_submit(actor=setting["lead"], round=rnd)
    client.force_login(setting["member"])
    support = setting["district"].jurisdiction.capacity_supports.get(title="Task design clinic")
    assert client.post(f"/capacity/districts/{setting['district'].nces_leaid}/supports/{support.public_id}/interest/").status_code == 302
    assert "Districts interested" not in client.get("/capacity/states/TX/supports/").content.decode()
    client.force_login(setting["admin"])
    page = client.get("/capacity/states/TX/supports/").content.decode()
    assert "Districts interested" in page and "<td>1</td>" in page
