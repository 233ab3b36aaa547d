"""A district's innovation program status as a credential: approval issues it, rescinding revokes it, and
its status list entry flips, so anyone can verify the district's standing."""

from __future__ import annotations

import pytest

from statewide.core.permissions import SYSTEM
from statewide.credentials import services
from statewide.credentials.models import Credential, CredentialKind, Issuer
from statewide.programs import services as program_services
from statewide.programs.workflow import Status
from tests.factories import state_agency
from tests.programs import factories as f

pytestmark = pytest.mark.django_db


def _program_credentials(district):
    return Credential.objects.filter(kind=CredentialKind.PROGRAM_STATUS, recipient_org=district)


def test_approval_issues_and_rescinding_revokes_the_districts_credential() -> None:
    sea = state_agency("TX")
    if not Issuer.objects.filter(organisation=sea).exists():
        services.issuer_create(actor=SYSTEM, organisation=sea, name="Texas Education Agency", slug="tx-tea-programs")
    admin, lead, rev = f.admin("TX"), f.lead(state="TX"), f.reviewer("TX")
    prog = f.program("TX", "scaling")
    app = f.to_approved(prog, lead, admin, rev)
    assert app.status == Status.APPROVED and app.term_start and app.term_end
    (credential,) = _program_credentials(app.organisation)
    assert credential.revoked_at is None
    assert credential.valid_until is not None and credential.valid_until.date() == app.term_end
    assert credential.program_ref == str(app.public_id)

    program_services.decision_propose(actor=admin, application=app, kind="rescind", note="Conditions not met.")
    app.refresh_from_db()
    assert app.status == Status.RESCINDED
    credential.refresh_from_db()
    assert credential.revoked_at is not None


def test_a_state_without_an_issuer_still_decides() -> None:
    admin, lead, rev = f.admin("KY"), f.lead(state="KY"), f.reviewer("KY")
    prog = f.program("KY", "kentucky")
    app = f.to_approved(prog, lead, admin, rev)
    assert app.status == Status.APPROVED
    assert not _program_credentials(app.organisation).exists()
