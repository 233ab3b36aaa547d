"""One state's or district's private records stay private: pages and API alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from statewide.accounts.models import Membership, Role
from statewide.accounts.permissions import audit_event_policy, membership_policy
from statewide.accounts.services import membership_grant, membership_revoke
from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent, AuditTrailIsAppendOnly
from statewide.core.permissions import SYSTEM
from statewide.places.permissions import organisation_policy
from tests.factories import DistrictFactory, person, state_agency


@pytest.fixture
def world(db):
    austin, dallas = DistrictFactory(state="TX"), DistrictFactory(state="TX")
    concord = DistrictFactory(state="NH")
    w = {
        "austin": austin,
        "dallas": dallas,
        "concord": concord,
        "austin_lead": person(Role.DISTRICT_LEAD, austin),
        "austin_teacher": person(Role.EDUCATOR, austin),
        "dallas_lead": person(Role.DISTRICT_LEAD, dallas),
        "tx_admin": person(Role.STATE_ADMIN, state_agency("TX")),
        "nh_admin": person(Role.STATE_ADMIN, state_agency("NH")),
        "operator": person(operator=True),
        "nobody": person(),
    }
    audit_record(actor=SYSTEM, action="test.tx", object_type="x", object_id="1", object_repr="TX thing", scope_state="TX")
    audit_record(actor=SYSTEM, action="test.nh", object_type="x", object_id="2", object_repr="NH thing", scope_state="NH")
    return w


def members_url(org):
    return f"/organisations/{org.public_id}/members/"


@pytest.mark.parametrize(
    ("who", "where", "status"),
    [
        ("austin_lead", "austin", 200),
        ("austin_teacher", "austin", 200),
        ("austin_lead", "dallas", 403),
        ("dallas_lead", "austin", 403),
        ("tx_admin", "austin", 200),
        ("tx_admin", "concord", 403),
        ("nh_admin", "austin", 403),
        ("nh_admin", "concord", 200),
        ("operator", "concord", 200),
        ("nobody", "austin", 403),
    ],
)
def test_member_lists_page_and_api_agree(client, world, who, where, status):
    client.force_login(world[who])
    org = world[where]
    assert client.get(members_url(org)).status_code == status
    api = client.get(f"/api/v1/organisations/{org.public_id}/members")
    assert api.status_code == status
    if status == 403:
        assert api.json()["error"]["code"] == "forbidden"
        assert world["austin_lead"].email not in api.content.decode()


def test_anonymous_is_sent_to_sign_in_and_api_says_forbidden(client, world):
    assert client.get(members_url(world["austin"])).status_code == 302
    assert client.get(f"/api/v1/organisations/{world['austin'].public_id}/members").status_code == 403


def test_policy_filter_and_can_never_disagree(world):
    for key in ("austin_lead", "dallas_lead", "tx_admin", "nh_admin", "operator", "nobody"):
        user = world[key]
        visible = set(membership_policy.filter(user).values_list("pk", flat=True))
        for m in Membership.objects.all():
            assert membership_policy.can(user, "view", m) == (m.pk in visible), (key, m)
        orgs_ok = set(organisation_policy.filter(user, "view_members").values_list("pk", flat=True))
        for org in (world["austin"], world["dallas"], world["concord"]):
            assert organisation_policy.can(user, "view_members", org) == (org.pk in orgs_ok)


def test_state_admin_sees_only_their_states_audit_events(client, world):
    client.force_login(world["tx_admin"])
    page = client.get("/audit/").content.decode()
    assert "TX thing" in page and "NH thing" not in page
    api = client.get("/api/v1/audit-events/").json()
    assert {e["state"] for e in api["items"]} == {"TX"}
    assert client.get("/api/v1/audit-events/?state=NH").json()["items"] == []
    assert set(audit_event_policy.filter(world["nh_admin"]).values_list("scope_state", flat=True)) == {"NH"}


def test_district_lead_cannot_browse_the_audit_trail(client, world):
    client.force_login(world["austin_lead"])
    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit-events/").json()["items"] == []


def test_state_admin_grants_roles_in_own_state_only(client, world):
    client.force_login(world["tx_admin"])
    response = client.post(members_url(world["austin"]), {"email": "new.teacher@example.org", "full_name": "New Teacher", "role": Role.EDUCATOR})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new.teacher@example.org")
    event = AuditEvent.objects.get(action="membership.grant", object_id=str(membership.public_id))
    assert event.actor == world["tx_admin"] and event.scope_state == "TX" and event.after["role"] == "educator"
    assert client.post(members_url(world["concord"]), {"email": "x@example.org", "role": Role.EDUCATOR}).status_code == 403
    with pytest.raises(PermissionDenied):
        membership_grant(actor=world["tx_admin"], user=world["nobody"], role=Role.EDUCATOR, organisation=world["concord"])


def test_district_lead_cannot_grant_or_revoke(client, world):
    client.force_login(world["austin_lead"])
    assert client.post(members_url(world["austin"]), {"email": "y@example.org", "role": Role.EDUCATOR}).status_code == 403
    teacher_membership = Membership.objects.get(user=world["austin_teacher"])
    assert client.post(f"/memberships/{teacher_membership.public_id}/revoke/").status_code == 403
    assert Membership.objects.filter(pk=teacher_membership.pk).exists()


def test_revoke_is_audited_with_before_values(world):
    m = Membership.objects.get(user=world["austin_teacher"])
    membership_revoke(actor=world["tx_admin"], membership=m)
    event = AuditEvent.objects.get(action="membership.revoke")
    assert event.before == {"user": world["austin_teacher"].email, "role": "educator", "organisation": world["austin"].name}
    assert event.after is None


@pytest.mark.parametrize(
    ("role", "org_key"),
    [(Role.DISTRICT_LEAD, "tx_sea"), (Role.STATE_ADMIN, "austin"), (Role.CONTENT_EDITOR, "austin")],
)
def test_roles_must_fit_the_kind_of_organisation(world, role, org_key):
    org = state_agency("TX") if org_key == "tx_sea" else world[org_key]
    with pytest.raises(ApplicationError) as caught:
        membership_grant(actor=world["operator"], user=world["nobody"], role=role, organisation=org)
    assert "organisation" in caught.value.fields


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
