"""Reviewers' per-criterion notes: written with the scores (page and API), shown to the other reviewers once they
have scored, never to the applicant or the public."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.programs import services
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
API = "/api/v1/programs"
NOTE = "The community plan names no family engagement measure."


def test_notes_are_revealed_to_reviewers_who_scored_and_never_to_the_applicant_or_public(client: Client) -> None:
    prog, lead, admin = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY")
    r1, r2 = f.reviewer("KY"), f.reviewer("KY")
    app = f.draft(prog, lead)
    services.application_submit(actor=lead, application=app)
    services.assignment_create(actor=admin, application=app, reviewer=r1)
    services.assignment_create(actor=admin, application=app, reviewer=r2)
    services.application_transition(actor=admin, application=app, transition="start_review")
    criteria = list(prog.criteria.all())
    # Reviewer 1 scores on the page, with a note on the first criterion (a control character is a field error).
    client.force_login(r1)
    score_url = f"{BASE}/applications/{app.public_id}/score/"
    client.post(score_url, {"form": "declare", "no_conflict": "yes"})
    levels = {f"criterion_{c.pk}": c.levels[-1]["score"] for c in criteria}
    bad = client.post(score_url, {"form": "score", **levels, f"note_{criteria[0].pk}": "bad\x00note"})
    assert bad.status_code == 400 and bad.context["form"].errors[f"note_{criteria[0].pk}"]
    ok = client.post(score_url, {"form": "score", **levels, f"note_{criteria[0].pk}": NOTE})
    assert ok.status_code == 302
    # Reviewer 2 sees no note before scoring (page and API), then sees it.
    client.force_login(r2)
    assert NOTE not in client.get(f"{BASE}/applications/{app.public_id}/").content.decode()
    before = client.get(f"{API}/applications/{app.public_id}/reviews").json()
    assert not before["revealed"] and all(NOTE not in str(r) for r in before["reviews"])
    scores = [{"criterion": i + 1, "level": c.levels[0]["score"], "note": "Thin evidence." if i == 0 else ""} for i, c in enumerate(criteria)]
    r = client.post(f"{API}/applications/{app.public_id}/scores", {"no_conflict": True, "scores": scores}, content_type="application/json")
    assert r.status_code == 200
    after = client.get(f"{API}/applications/{app.public_id}/reviews").json()
    notes = [s["note"] for rev in after["reviews"] for s in rev["scores"] if s["note"]]
    assert after["revealed"] and sorted(notes) == sorted([NOTE, "Thin evidence."])
    assert NOTE in client.get(f"{BASE}/applications/{app.public_id}/").content.decode()
    # The applicant and the public never see a note.
    services.decision_propose(actor=admin, application=app, kind="conditionally_approve")
    client.force_login(lead)
    assert NOTE not in client.get(f"{BASE}/applications/{app.public_id}/").content.decode()
    assert client.get(f"{API}/applications/{app.public_id}/reviews").status_code in (403, 404)
    client.logout()
    for url in (f"{BASE}/registry/KY/", f"{BASE}/participants/{app.public_id}/", f"{API}/?state=KY"):
        page = client.get(url)
        assert page.status_code == 200 and NOTE not in page.content.decode() and "Thin evidence" not in page.content.decode()
