"""The micro-credentials demo: educators at each stage, and credentials that verify as expected."""

from __future__ import annotations

import io

import pytest

from statewide.accounts import demo as accounts_demo
from statewide.accounts.models import User
from statewide.credentials import demo, selectors
from statewide.credentials.models import Credential, Submission
from statewide.places import demo as places_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_every_stage_and_verdict(client):
    out = io.StringIO()
    places_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    demo.load(out)  # idempotent
    assert Credential.objects.filter(kind="micro").count() == 3
    verdicts = {
        c.recipient.email if c.recipient else c.recipient_org.name: selectors.credential_verify(c.jwt).status
        for c in Credential.objects.select_related("recipient", "recipient_org")
    }
    assert verdicts[demo.TEACHER] == "verified"
    assert verdicts["riley@austin.statewide.example"] == "revoked"
    assert verdicts["evan@austin.statewide.example"] == "expired"
    program = Credential.objects.get(kind="program")
    assert program.recipient_org.nces_leaid == demo.DEMO_DISTRICT and verdicts[program.recipient_org.name] == "verified"
    assert set(Submission.objects.values_list("status", flat=True)) == {"draft", "submitted", "passed", "failed"}
    assessor = User.objects.get(email=demo.ASSESSOR)
    assert [s.educator.email for s in selectors.review_queue(assessor)] == ["maria@austin.statewide.example"]
    revoked = Credential.objects.get(recipient__email="riley@austin.statewide.example")
    page = client.post("/credentials/verify/", {"credential": revoked.jwt})
    assert b"Revoked" in page.content
