"""Peer networks: the cap holds (also under concurrent selections), waitlist, convenings, attendance; mentor matching."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, connections, transaction

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.instrument import item_codes
from statewide.capacity.models import MembershipStatus, Network, NetworkMember
from statewide.capacity.selectors import mentor_suggestions
from statewide.core.errors import ApplicationError
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, jurisdiction, person, state_agency


def _network(cap: int) -> Network:
    return services.network_create(actor=SYSTEM, jurisdiction=jurisdiction("TX"), title="Collaborative", purpose="", cap=cap, domains=[])


@pytest.mark.django_db
def test_cap_waitlist_promotion_convenings_and_attendance(client):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    network = _network(2)
    districts = [DistrictFactory(state="TX") for _ in range(3)]
    members = [services.network_apply(actor=SYSTEM, network=network, district=d) for d in districts]
    statuses = [services.network_select(actor=admin, member=m).status for m in members]
    assert statuses == ["member", "member", "waitlisted"]
    # A stale copy of the network (read before the others joined) cannot pass the cap either.
    network.refresh_from_db()
    assert network.member_count == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(member_count=3)  # the database refuses, too
    promoted = services.network_leave(actor=admin, member=members[0])
    assert promoted is not None and promoted.district == districts[2]
    network.refresh_from_db()
    assert network.member_count == 2
    convening = services.convening_create(
        actor=admin, network=network, title="Fall convening", held_on=dt.date(2026, 10, 1), materials_url="https://example.org/notes"
    )
    with pytest.raises(ApplicationError):
        services.attendance_record(actor=admin, convening=convening, districts=[districts[0]])  # left the network
    assert services.attendance_record(actor=admin, convening=convening, districts=[districts[1], districts[2]]) == 2
    with pytest.raises(ApplicationError):
        services.network_apply(actor=SYSTEM, network=network, district=DistrictFactory(state="NM"))
    page = client.get(f"/capacity/networks/{network.public_id}/").content.decode()
    assert "Fall convening" in page and "2 of 2 seats taken" in page
    client.force_login(admin)
    response = client.post(f"/capacity/networks/{network.public_id}/", {"action": "convening", "title": "", "held_on": "x"})
    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_network_cap_holds_under_concurrent_selections():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL (SQLite's in-memory test database serializes every write)")
    network = _network(3)
    members = [services.network_apply(actor=SYSTEM, network=network, district=DistrictFactory(state="TX")) for _ in range(10)]

    def select(member: NetworkMember) -> str:
        try:
            return services.network_select(actor=SYSTEM, member=member).status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(select, members))
    network.refresh_from_db()
    assert statuses.count("member") == 3 and statuses.count("waitlisted") == 7
    assert network.member_count == 3 == NetworkMember.objects.filter(network=network, status=MembershipStatus.MEMBER).count()


def _history(district, instrument, levels_by_year):
    for year, level in levels_by_year:
        rnd = services.round_open(actor=SYSTEM, district=district, title=f"Fall {year}", instrument=instrument)
        services.answers_save(actor=SYSTEM, round=rnd, answers=dict.fromkeys(item_codes(instrument.definition), (level, "")))
        services.round_submit(actor=SYSTEM, round=rnd, at=dt.datetime(year, 10, 1, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_mentors_were_in_the_same_tier_a_year_earlier_moved_up_and_rank_by_similarity(instrument):
    me = DistrictFactory(state="TX", locale_code="43", school_count=4)
    _history(me, instrument, [(2026, 2)])  # Tier 3 now (2.0 < 2.25)
    close = DistrictFactory(state="TX", locale_code="43", school_count=5, name="CLOSE ISD")
    _history(close, instrument, [(2024, 1), (2026, 3)])
    far = DistrictFactory(state="TX", locale_code="11", school_count=200, name="FAR ISD")
    _history(far, instrument, [(2025, 2), (2026, 4)])
    recent = DistrictFactory(state="TX", locale_code="43", school_count=4)
    _history(recent, instrument, [(2026, 1), (2026, 3)])  # moved up, but not a year before
    stayed = DistrictFactory(state="TX", locale_code="43", school_count=4)
    _history(stayed, instrument, [(2024, 1), (2026, 2)])  # never moved up
    other_state = DistrictFactory(state="NM", locale_code="43", school_count=4, name="NEW MEXICO ISD")
    _history(other_state, instrument, [(2024, 1), (2026, 4)])
    mentors = mentor_suggestions(me)
    assert [m.district.name for m in mentors] == ["CLOSE ISD", "FAR ISD"]
    assert "Was in Tier 3 in 2024" in mentors[0].reason and "now in Tier 2" in mentors[0].reason and "same locale" in mentors[0].reason
    # Only when the state opts in do other states' districts appear.
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    from statewide.capacity.instrument import DEFAULT_TIERS  # noqa: PLC0415

    services.tier_scheme_set(actor=admin, jurisdiction=jurisdiction("TX"), tiers=DEFAULT_TIERS, mentors_across_states=True)
    assert "NEW MEXICO ISD" in [m.district.name for m in mentor_suggestions(me)]
