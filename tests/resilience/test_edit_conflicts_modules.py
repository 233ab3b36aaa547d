"""Optimistic locking beyond policy records and framework drafts: program settings and parts, capacity
supports, networks and resources, issuer profiles, micro-credential drafts, self-assessment campaigns
and their roadmap entries, policy types.

Each page test is one race through the real pages: two editors open the same edit form, the first
saves, the second saves the form they opened. The second save writes nothing (no change, no audit
event), the page names the field the first editor changed and what it now holds, and the form then
carries the current version, so that saving it again keeps the second editor's value on purpose."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from statewide.accounts.models import Role
from statewide.capacity import services as capacity
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.credentials import services as credentials
from tests.factories import jurisdiction, person, state_agency
from tests.programs import factories as programs
from tests.resilience.formdata import form_data

pytestmark = pytest.mark.django_db


@dataclass
class Race:
    url: str
    field: str  # the field both editors change
    editor: Callable[[], Any]  # a new account that may edit the record
    saved: Callable[[], Any]  # the field's value in the database now


def _race(route: str, key: Any, obj: Any, field: str, editor: Callable[[], Any]) -> Race:
    return Race(reverse(route, args=[key]), field, editor, lambda: getattr(type(obj).objects.get(pk=obj.pk), field))


def _tx_admin() -> Any:
    return person(Role.STATE_ADMIN, state_agency("TX"))


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _program() -> Race:
    prog = programs.program("KY", "kentucky")
    return _race("programs:settings", prog.public_id, prog, "name", lambda: programs.admin("KY"))


def _program_part(route: str, related: str, field: str) -> Callable[[], Race]:
    def build() -> Race:
        prog = programs.program("KY", "kentucky")
        first = getattr(prog, related).order_by("position").first()
        assert first is not None
        part = type(first).objects
        return Race(reverse(route, args=[prog.public_id, 1]), field, lambda: programs.admin("KY"), lambda: getattr(part.get(pk=first.pk), field))

    return build


def _coaching_support(actor: Any) -> Any:
    return capacity.support_create(
        actor=actor,
        jurisdiction=jurisdiction("TX"),
        strategy="technical-assistance",
        title="Coaching",
        description="",
        provider="TEA",
        tiers=[],
        domains=[],
    )


def _support() -> Race:
    s = _coaching_support(_tx_admin())
    return _race("capacity:support_edit", s.public_id, s, "title", _tx_admin)


def _network() -> Race:
    n = capacity.network_create(actor=_tx_admin(), jurisdiction=jurisdiction("TX"), title="Cohort", purpose="", cap=20, domains=[])
    return _race("capacity:network_edit", n.public_id, n, "title", _tx_admin)


def _resource() -> Race:
    editor = person(Role.CONTENT_EDITOR)
    r = capacity.resource_create(
        actor=editor, title="Guide", kind="guide", url="https://example.org/guide", summary="", domains=[], tiers=[], audience="", source="Example"
    )
    return _race("capacity:resource_edit", r.public_id, r, "title", lambda: person(Role.CONTENT_EDITOR))


def _tx_issuer() -> Any:
    return credentials.issuer_create(actor=SYSTEM, organisation=state_agency("TX"), name="Texas Education Agency", slug="tx-tea", url="https://tea.texas.gov")


def _draft() -> Race:
    from tests.credentials.setup import SECTIONS  # noqa: PLC0415

    issuer = _tx_issuer()
    v = credentials.micro_credential_create(actor=SYSTEM, issuer=issuer, slug="pacing", alignments=[], **SECTIONS)
    return _race("credentials:version_edit", v.public_id, v, "name", _tx_admin)


def _issuer() -> Race:
    issuer = _tx_issuer()
    return _race("credentials:issuer_edit", issuer.slug, issuer, "name", _tx_admin)


def _campaign() -> Race:
    from tests.selfassessment.factories import campaign  # noqa: PLC0415

    c = campaign("TX")
    return _race("selfassessment:edit", c.public_id, c, "title", _tx_admin)


def _policy_type() -> Race:
    from statewide.policies.services import policy_type_upsert  # noqa: PLC0415

    t = policy_type_upsert(actor=person(Role.CONTENT_EDITOR), code="race-type", name="Race type", description="", position=40)
    return _race("policies:type_edit", t.code, t, "name", lambda: person(Role.CONTENT_EDITOR))


RACES = {
    "program settings": _program,
    "rubric criterion": _program_part("programs:criterion_edit", "criteria", "name"),
    "program assurance": _program_part("programs:assurance_edit", "assurances", "text"),
    "capacity support": _support,
    "peer network": _network,
    "library resource": _resource,
    "micro-credential draft": _draft,
    "issuer profile": _issuer,
    "self-assessment campaign": _campaign,
    "policy type": _policy_type,
}


@pytest.mark.parametrize("kind", RACES)
def test_the_second_save_of_a_stale_form_writes_nothing_and_names_what_changed(kind: str) -> None:
    race = RACES[kind]()
    alice, bob = _client(race.editor()), _client(race.editor())
    alices, bobs = form_data(alice.get(race.url).content.decode()), form_data(bob.get(race.url).content.decode())
    assert alices["version"] == bobs["version"] != [""]

    assert bob.post(race.url, {**bobs, race.field: ["Bob wrote this"]}).status_code == 302
    assert race.saved() == "Bob wrote this"
    events = AuditEvent.objects.count()
    r = alice.post(race.url, {**alices, race.field: ["Alice wrote this"]})
    html = r.content.decode()
    assert r.status_code in (200, 400)  # shown again, not saved
    assert "Someone else saved this record while you were editing it" in html
    assert escape("Now saved as: Bob wrote this") in html
    assert race.saved() == "Bob wrote this" and AuditEvent.objects.count() == events

    again = form_data(html)  # her values, with the version she has now seen
    assert again[race.field] == ["Alice wrote this"] and int(again["version"][0]) == int(alices["version"][0]) + 1
    assert alice.post(race.url, again).status_code == 302
    assert race.saved() == "Alice wrote this" and AuditEvent.objects.count() == events + 1


def _api_race(method: str, url: str, body: dict[str, Any], field: str, editor: Callable[[], Any]) -> None:
    alice, bob = _client(editor()), _client(editor())

    def send(c: Client, payload: dict[str, Any]) -> Any:
        return getattr(c, method)(url, json.dumps(payload), content_type="application/json")

    read = body["version"]
    first = send(bob, {**body, field: "Bob wrote this"})
    assert first.status_code == 200 and first.json()["version"] == read + 1
    events = AuditEvent.objects.count()
    stale = send(alice, {**body, field: "Alice wrote this"})
    assert stale.status_code == 409, stale.content
    error = stale.json()["error"]
    assert error["code"] == "conflict" and f"it is now version {read + 1}" in error["message"]
    assert error["fields"][field] == ["Now saved as: Bob wrote this"]
    assert AuditEvent.objects.count() == events
    fresh = send(alice, {**body, field: "Alice wrote this", "version": read + 1})
    assert fresh.status_code == 200 and fresh.json()[field] == "Alice wrote this" and fresh.json()["version"] == read + 2


def test_the_api_answers_409_for_program_settings_stages_and_parts() -> None:
    prog = programs.program("KY", "kentucky")
    admin = lambda: programs.admin("KY")  # noqa: E731
    _api_race("patch", f"/api/v1/programs/{prog.public_id}/", {"version": prog.version}, "name", admin)
    prog.refresh_from_db()
    rule = prog.rules.order_by("position").first()
    assert rule is not None
    body = {"citation": rule.citation, "summary": rule.summary, "waivable": rule.waivable, "reason": rule.reason, "source_url": rule.source_url}
    _api_race("put", f"/api/v1/programs/{prog.public_id}/rules/{rule.code}", {**body, "version": rule.version}, "citation", admin)
    # the stages page and API edit the same program row: a stale version there is refused too
    c = _client(admin())
    stale = c.put(f"/api/v1/programs/{prog.public_id}/stages", json.dumps({"version": 1}), content_type="application/json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert c.get(f"/api/v1/programs/{prog.public_id}/stages").json()["version"] == prog.version


def test_the_api_answers_409_for_supports_networks_and_resources() -> None:
    tx_admin = lambda: person(Role.STATE_ADMIN, state_agency("TX"))  # noqa: E731
    s = _coaching_support(tx_admin())
    _api_race(
        "put", f"/api/v1/capacity/supports/{s.public_id}", {"strategy": s.strategy, "title": s.title, "provider": s.provider, "version": 1}, "title", tx_admin
    )
    n = capacity.network_create(actor=tx_admin(), jurisdiction=jurisdiction("TX"), title="Cohort", purpose="", cap=20, domains=[])
    _api_race("put", f"/api/v1/capacity/networks/{n.public_id}", {"title": n.title, "cap": 20, "version": 1}, "title", tx_admin)
    editor = lambda: person(Role.CONTENT_EDITOR)  # noqa: E731
    r = capacity.resource_create(
        actor=editor(), title="Guide", kind="guide", url="https://example.org/guide", summary="", domains=[], tiers=[], audience="", source="Example"
    )
    body = {"title": r.title, "kind": r.kind, "url": r.url, "source": r.source, "version": 1}
    _api_race("put", f"/api/v1/capacity/resources/{r.public_id}", body, "title", editor)


def test_a_stale_roadmap_entry_form_writes_nothing_and_is_shown_again_at_its_entry() -> None:
    """The roadmap page has one small form per agreed priority: the race runs on one of them."""
    from statewide.selfassessment.services import decision_record  # noqa: PLC0415
    from tests.resilience.formdata import _Form  # noqa: PLC0415
    from tests.selfassessment.factories import campaign, conditions  # noqa: PLC0415

    c = campaign("TX")
    first, second = conditions()[:2]
    for item in (first, second):
        decision_record(actor=SYSTEM, campaign=c, item=item, level=None, rationale="Agreed.", is_priority=True)
    page, post = reverse("selfassessment:roadmap", args=[c.public_id]), reverse("selfassessment:roadmap_entry", args=[c.public_id, first.code])
    owner = f"{first.code}-owner"

    def entry_form(client: Client) -> dict[str, list[str]]:
        parser = _Form()
        parser.feed(client.get(page).content.decode())
        data = next(f for f in parser.forms if f"{first.code}-version" in f)
        data.pop("csrfmiddlewaretoken", None)
        return data

    def saved() -> str:
        return str(c.roadmap.get(item=first).owner)

    alice, bob = _client(_tx_admin()), _client(_tx_admin())
    alices, bobs = entry_form(alice), entry_form(bob)
    assert alices[f"{first.code}-version"] == ["1"]
    assert bob.post(post, {**bobs, owner: ["Bob wrote this"]}).status_code == 302 and saved() == "Bob wrote this"
    events = AuditEvent.objects.count()
    r = alice.post(post, {**alices, owner: ["Alice wrote this"]})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Someone else saved this record while you were editing it" in html and escape("Now saved as: Bob wrote this") in html
    assert saved() == "Bob wrote this" and AuditEvent.objects.count() == events
    parser = _Form()
    parser.feed(html)
    again = next(f for f in parser.forms if f"{first.code}-version" in f)
    assert again[owner] == ["Alice wrote this"] and again[f"{first.code}-version"] == ["2"]
    assert any(f.get(f"{second.code}-version") == ["1"] for f in parser.forms)  # the other entries' forms are as they were
    again.pop("csrfmiddlewaretoken", None)
    assert alice.post(post, again).status_code == 302
    assert saved() == "Alice wrote this" and AuditEvent.objects.count() == events + 1
