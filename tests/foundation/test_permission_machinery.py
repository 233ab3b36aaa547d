"""The permission machinery in `statewide.core.permissions`: creation rules, the SYSTEM actor, no silent `None`."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from statewide.accounts.models import Role
from statewide.accounts.permissions import membership_policy, user_policy
from statewide.accounts.services import membership_grant, user_create
from statewide.core.audit import audit_record
from statewide.core.models import AuditEvent
from statewide.core.permissions import ANONYMOUS, ANONYMOUS_ACTOR, SYSTEM, principal_of
from statewide.frameworks.permissions import framework_policy
from statewide.places.models import Jurisdiction
from statewide.places.permissions import organisation_policy
from statewide.policies.permissions import level_override_policy, policy_record_policy, policy_type_policy
from statewide.policies.services import policy_record_create
from statewide.selfassessment.permissions import campaign_policy
from tests.factories import DistrictFactory, person, state_agency
from tests.policies.factories import valid_input

pytestmark = pytest.mark.django_db


def test_state_admins_create_only_in_their_states():
    tx_admin = person(Role.STATE_ADMIN, state_agency("TX"))
    for policy in (policy_record_policy, campaign_policy, organisation_policy, membership_policy, user_policy):
        assert policy.can_create(tx_admin, state="TX")
        assert not policy.can_create(tx_admin, state="NH")
        assert policy.can_create(tx_admin)  # somewhere
        assert not policy.can_create_anywhere(tx_admin)
    assert membership_policy.can_create(tx_admin, org=DistrictFactory(state="TX"))
    assert not membership_policy.can_create(tx_admin, org=DistrictFactory(state="NH"))
    states = campaign_policy.creatable_states(tx_admin, Jurisdiction.objects.all())
    assert list(states.values_list("usps", flat=True)) == ["TX"]
    # Content-editor territory is not a state admin's.
    assert not policy_type_policy.can_create(tx_admin) and not level_override_policy.can_create(tx_admin, state="TX")
    assert not framework_policy.can_create(tx_admin)


def test_content_editors_and_operators_create_anywhere_but_editors_run_no_campaigns():
    editor, operator = person(Role.CONTENT_EDITOR), person(operator=True)
    assert policy_record_policy.can_create(editor, state="WY") and framework_policy.can_create(editor)
    assert not campaign_policy.can_create(editor, state="WY")
    assert campaign_policy.can_create_anywhere(operator) and user_policy.can_create_anywhere(operator)
    assert campaign_policy.creatable_states(operator, Jurisdiction.objects.all()).count() == Jurisdiction.objects.count()


@pytest.mark.parametrize("who", [None, "anonymous", "educator"])
def test_nobody_else_creates_anything(who):
    actor = {"anonymous": AnonymousUser(), "educator": person(Role.EDUCATOR, DistrictFactory(state="TX"))}.get(who or "")
    for policy in (policy_record_policy, campaign_policy, organisation_policy, framework_policy, policy_type_policy):
        assert not policy.can_create(actor, state="TX") and not policy.can_create(actor)
    assert campaign_policy.creatable_states(actor, Jurisdiction.objects.all()).count() == 0


def test_system_may_do_everything_and_is_audited_as_the_system():
    assert principal_of(SYSTEM).is_system and not principal_of(SYSTEM).is_authenticated
    assert policy_record_policy.can_create(SYSTEM, state="GU") and campaign_policy.can_create_anywhere(SYSTEM)
    record = policy_record_create(actor=SYSTEM, data=valid_input(jurisdiction="GU"))
    assert policy_record_policy.can(SYSTEM, "delete", record)
    event = AuditEvent.objects.get(action="policy_record.create", object_id=str(record.public_id))
    assert event.actor_label == "system" and event.actor is None


def test_none_is_no_longer_the_system():
    assert principal_of(None) == ANONYMOUS
    with pytest.raises(PermissionDenied):
        policy_record_create(actor=None, data=valid_input(jurisdiction="GU"))
    with pytest.raises(PermissionDenied):
        user_create(actor=None, email="someone@example.org")
    with pytest.raises(TypeError):
        audit_record(actor=None, action="test.none")


def test_anonymous_actor_is_audited_as_anonymous():
    event = audit_record(actor=ANONYMOUS_ACTOR, action="test.respondent")
    assert event.actor_label == "anonymous" and event.actor is None
    assert not policy_record_policy.can_create(ANONYMOUS_ACTOR)


def test_platform_wide_roles_need_an_operator():
    tx_admin = person(Role.STATE_ADMIN, state_agency("TX"))
    with pytest.raises(PermissionDenied):
        membership_grant(actor=tx_admin, user=person(), role=Role.CONTENT_EDITOR, organisation=None)
    with pytest.raises(PermissionDenied):
        user_create(actor=tx_admin, email="new-operator@example.org", is_operator=True)
    assert membership_grant(actor=SYSTEM, user=person(), role=Role.CONTENT_EDITOR, organisation=None).role == Role.CONTENT_EDITOR
