"""A network's application round has dates: applying before it opens or after it closes is refused (page and API)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from statewide.accounts.models import Role
from statewide.capacity.models import MembershipStatus, Network, NetworkMember
from tests.factories import DistrictFactory, person, state_agency

pytestmark = pytest.mark.django_db

OPENS, CLOSES = dt.date(2027, 3, 1), dt.date(2027, 3, 31)


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)


@pytest.mark.django_db(False)
@given(opens=st.none() | st.dates(), closes=st.none() | st.dates(), today=st.dates(), switched_on=st.booleans())
def test_the_round_is_open_exactly_between_its_dates(opens, closes, today, switched_on):
    n = Network(applications_open=switched_on, applications_open_on=opens, applications_close_on=closes)
    inside = switched_on and (opens is None or opens <= today) and (closes is None or today <= closes)
    assert (n.application_status(today) == "open") == inside
    if switched_on and opens and today < opens:
        assert n.application_status(today) == "not_yet"


def test_applying_outside_the_round_is_refused_on_the_page_and_in_the_api(client):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    early, late = DistrictFactory(state="TX", name="Early ISD"), DistrictFactory(state="TX", name="Late ISD")
    body = {"title": "Spring cohort", "cap": 10, "applications_open_on": "2027-03-31", "applications_close_on": "2027-03-01"}
    with _at(dt.date(2027, 2, 20)):  # sessions are signed in inside each clock (they expire)
        client.force_login(admin)
        bad = client.post("/api/v1/capacity/states/TX/networks", body, content_type="application/json")
        assert bad.status_code == 400 and "applications_close_on" in bad.json()["error"]["fields"]
        body.update(applications_open_on=OPENS.isoformat(), applications_close_on=CLOSES.isoformat())
        made = client.post("/api/v1/capacity/states/TX/networks", body, content_type="application/json")
        assert made.status_code == 201 and made.json()["application_status"] == "not_yet"
        nid = made.json()["id"]
        client.force_login(person(Role.DISTRICT_LEAD, early))
        refused = client.post(f"/api/v1/capacity/networks/{nid}/applications", {"district": early.nces_leaid}, content_type="application/json")
        assert refused.status_code == 400 and refused.json()["error"]["fields"]["network"] == ["Applications to this network open on March 1, 2027."]
        page = client.get(f"/capacity/networks/{nid}/").content.decode()
        assert "Applications open on March 1, 2027." in page and 'value="apply"' not in page
        response = client.post(f"/capacity/networks/{nid}/", {"action": "apply", "leaid": early.nces_leaid}, follow=True)
        assert "Applications to this network open on March 1, 2027." in response.content.decode()
        assert not NetworkMember.objects.exists()
    with _at(CLOSES):  # the closing day is still in the round
        client.force_login(person(Role.DISTRICT_LEAD, early))
        page = client.get(f"/capacity/networks/{nid}/").content.decode()
        assert "Applications are open until March 31, 2027." in page and 'value="apply"' in page
        ok = client.post(f"/api/v1/capacity/networks/{nid}/applications", {"district": early.nces_leaid}, content_type="application/json")
        assert ok.status_code == 201 and ok.json()["status"] == MembershipStatus.APPLIED
    with _at(CLOSES + dt.timedelta(days=1)):
        client.force_login(person(Role.DISTRICT_LEAD, late))
        refused = client.post(f"/api/v1/capacity/networks/{nid}/applications", {"district": late.nces_leaid}, content_type="application/json")
        assert refused.status_code == 400 and "closed on March 31, 2027" in refused.json()["error"]["message"]
        assert "Applications closed on March 31, 2027." in client.get("/capacity/states/TX/networks/").content.decode()
        # The state's admins move the dates on the edit page; the district can apply again.
        client.force_login(admin)
        edit = {"title": "Spring cohort", "cap": 10, "applications_open": "on", "applications_open_on": "2027-03-01", "applications_close_on": "2027-04-30"}
        assert client.post(f"/capacity/networks/{nid}/edit/", edit).status_code == 302
        assert Network.objects.get(public_id=nid).applications_close_on == dt.date(2027, 4, 30)
        client.force_login(person(Role.DISTRICT_LEAD, late))
        assert client.post(f"/api/v1/capacity/networks/{nid}/applications", {"district": late.nces_leaid}, content_type="application/json").status_code == 201
        # Someone who holds no role in the district may not apply for it.
        client.force_login(person(Role.DISTRICT_LEAD, DistrictFactory(state="TX")))
        assert client.post(f"/api/v1/capacity/networks/{nid}/applications", {"district": early.nces_leaid}, content_type="application/json").status_code == 403
