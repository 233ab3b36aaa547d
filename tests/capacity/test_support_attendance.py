"""Support attendance: the state staff running a support record who attended each session (service, page, API);
the insights' capacity dashboard counts supports delivered from it, never supports merely scheduled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.models import NetworkMember, SupportAttendance
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db


def _support(**dates):
    return services.support_create(
        actor=SYSTEM, jurisdiction=jurisdiction("TX"), strategy="specialized-training", title="Assessment coaching", description="",
        provider="TEA", tiers=[], domains=[], **dates,
    )  # fmt: skip


def test_the_service_checks_permission_dates_and_districts_and_audits():
    support = _support(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 5, 30))
    a, b, elsewhere = DistrictFactory(state="TX"), DistrictFactory(state="TX"), DistrictFactory(state="NH")
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    for outsider in (person(Role.EDUCATOR, a), person(Role.STATE_ADMIN, state_agency("NH")), person(Role.STATE_REVIEWER, state_agency("TX"))):
        with pytest.raises(PermissionDenied):
            services.support_attendance_record(actor=outsider, support=support, attended_on=dt.date(2025, 10, 1), districts=[a])
    for day, field in ((dt.date(2025, 8, 1), "attended_on"), (dt.date(2026, 6, 2), "attended_on"), (None, "attended_on")):
        with pytest.raises(ApplicationError) as exc:
            services.support_attendance_record(actor=admin, support=support, attended_on=day, districts=[a])
        assert field in exc.value.fields
    with pytest.raises(ApplicationError) as stranger:
        services.support_attendance_record(actor=admin, support=support, attended_on=dt.date(2025, 10, 1), districts=[a, elsewhere])
    assert "districts" in stranger.value.fields and not SupportAttendance.objects.exists()
    assert services.support_attendance_record(actor=admin, support=support, attended_on=dt.date(2025, 10, 1), districts=[a, b, a]) == 2
    # Saving the same day again replaces its list.
    assert services.support_attendance_record(actor=admin, support=support, attended_on=dt.date(2025, 10, 1), districts=[b]) == 1
    assert list(SupportAttendance.objects.values_list("district_id", flat=True)) == [b.pk]
    event = AuditEvent.objects.filter(action="support.attendance").latest("id")
    assert event.before["districts"] == sorted([a.nces_leaid, b.nces_leaid]) and event.after["districts"] == [b.nces_leaid]


def test_a_future_session_cannot_be_recorded():
    support = _support()
    with pytest.raises(ApplicationError) as exc:
        services.support_attendance_record(actor=SYSTEM, support=support, attended_on=dt.date.today() + dt.timedelta(days=2), districts=[])
    assert "attended_on" in exc.value.fields


def test_the_attendance_page_for_the_staff_running_the_support():
    support = _support()
    a, b = DistrictFactory(state="TX"), DistrictFactory(state="TX")
    services.support_interest_toggle(actor=SYSTEM, support=support, district=a)
    url = f"/capacity/supports/{support.public_id}/attendance/"
    client = Client(enforce_csrf_checks=True)
    client.force_login(person(Role.EDUCATOR, a))
    assert client.get(url).status_code == 403
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and a.name in body and b.name not in body and "No attendance recorded yet" in body
    assert client.post(url, {"attended_on": "2026-01-15", "districts": [a.nces_leaid]}).status_code == 403  # no CSRF token
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    future = client.post(url, {"attended_on": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "districts": [a.nces_leaid], "csrfmiddlewaretoken": token})
    assert future.status_code == 400 and "give today or an earlier day" in future.content.decode() and not SupportAttendance.objects.exists()
    done = client.post(url, {"attended_on": "2026-01-15", "districts": [a.nces_leaid], "csrfmiddlewaretoken": token})
    assert done.status_code == 302
    shown = client.get(url).content.decode()
    assert "2026-01-15" in shown and "Sessions recorded" in shown
    assert "Attendance" in client.get("/capacity/states/TX/supports/").content.decode()


def test_the_api_records_attendance_and_lists_it(client):
    support = _support()
    a = DistrictFactory(state="TX")
    url = f"/api/v1/capacity/supports/{support.public_id}/attendance"
    client.force_login(person(Role.EDUCATOR, a))
    assert client.post(url, {"attended_on": "2026-02-03", "districts": [a.nces_leaid]}, content_type="application/json").status_code == 403
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    bad = client.post(url, {"attended_on": "2026-02-03", "districts": ["0000000"]}, content_type="application/json")
    assert bad.status_code == 400 and "districts" in bad.json()["error"]["fields"]
    ok = client.post(url, {"attended_on": "2026-02-03", "districts": [a.nces_leaid]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json() == {"attended_on": "2026-02-03", "districts_attended": 1}
    listed = client.get("/api/v1/capacity/states/TX/supports").json()["items"]
    assert [s["districts_attended"] for s in listed] == [1]


def test_the_dashboard_counts_supports_delivered_not_scheduled(client):
    scheduled = _support(starts_on=dt.date(2025, 9, 1))
    _support(starts_on=dt.date(2025, 10, 1))
    district = DistrictFactory(state="TX")

    def row_2025():
        figure = next(f for f in client.get("/api/v1/insights/capacity?state=TX").json()["figures"] if f["slug"] == "supports")
        return next(r for r in figure["rows"] if r["year"] == "2025")

    assert (row_2025()["supports"], row_2025()["scheduled"]) == (0, 2)
    services.support_attendance_record(actor=SYSTEM, support=scheduled, attended_on=dt.date(2025, 11, 4), districts=[district])
    assert (row_2025()["supports"], row_2025()["districts"], row_2025()["scheduled"]) == (1, 1, 2)


def test_the_network_page_records_membership_dates(client):
    """Membership dates (the insights' participation history): the state records the day a district joined or left."""
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    network = services.network_create(actor=admin, jurisdiction=jurisdiction("TX"), title="Cohort", purpose="", cap=5, domains=[])
    district = DistrictFactory(state="TX")
    member = services.network_apply(actor=SYSTEM, network=network, district=district)
    url = f"/capacity/networks/{network.public_id}/"
    client.force_login(admin)
    assert "On (leave empty for today)" in client.get(url).content.decode()
    client.post(url, {"action": "select", "member": member.pk, "on": "2019-09-03"})
    member.refresh_from_db()
    assert (member.status, member.joined_on) == ("member", dt.date(2019, 9, 3))
    refused = client.post(url, {"action": "leave", "member": member.pk, "on": "2019-01-01"}, follow=True).content.decode()
    assert "from the day it joined to today" in refused and NetworkMember.objects.get(pk=member.pk).status == "member"
    assert "Give the day as YYYY-MM-DD" in client.post(url, {"action": "leave", "member": member.pk, "on": "soon"}, follow=True).content.decode()
    client.post(url, {"action": "leave", "member": member.pk, "on": "2021-06-15"})
    member.refresh_from_db()
    assert (member.status, member.left_on) == ("left", dt.date(2021, 6, 15))
    assert "since 2019-09-03" in client.get(url).content.decode()
