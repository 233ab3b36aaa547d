"""Adding criteria and assurances through the API; deleting and reordering criteria, assurances, rules and
approval groups (page and API), refused with the reason once they are in use."""

from __future__ import annotations

import pytest
from django.test import Client

from statewide.core.models import AuditEvent
from statewide.programs import services
from tests.programs import factories as f

pytestmark = pytest.mark.django_db
BASE = "/programs"
API = "/api/v1/programs"


def _json(client: Client, method: str, url: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body, content_type="application/json")


def test_criteria_and_assurances_are_added_deleted_and_reordered_through_the_api(client: Client) -> None:
    prog, admin = f.program("KY", "kentucky"), f.admin("KY")
    client.force_login(admin)
    n_criteria, n_assurances = prog.criteria.count(), prog.assurances.count()
    added = _json(
        client,
        "post",
        f"{API}/{prog.public_id}/criteria",
        {"name": "Equity", "weight": 2, "levels": [{"score": 0, "label": "Missing"}, {"score": 2, "label": "Clear"}]},
    )
    assert added.status_code == 201 and added.json()["number"] == n_criteria + 1
    bad = _json(client, "post", f"{API}/{prog.public_id}/criteria", {"name": "Equity", "weight": 11, "levels": []})
    assert bad.status_code == 400 and "weight" in bad.json()["error"]["fields"]
    a = _json(client, "post", f"{API}/{prog.public_id}/assurances", {"text": "The board voted in a public meeting.", "source": "Statewide"})
    assert a.status_code == 201 and a.json()["number"] == n_assurances + 1
    edited = _json(client, "put", f"{API}/{prog.public_id}/assurances/{n_assurances + 1}", {"text": "The board voted in an open meeting."})
    assert edited.status_code == 200 and edited.json()["text"] == "The board voted in an open meeting."
    names = [c.name for c in prog.criteria.all()]
    order = [str(n_criteria + 1), *[str(i) for i in range(1, n_criteria + 1)]]
    moved = _json(client, "put", f"{API}/{prog.public_id}/order/criteria", {"order": order})
    assert moved.status_code == 200 and [c.name for c in prog.criteria.all()] == ["Equity", *names[:-1]]
    incomplete = _json(client, "put", f"{API}/{prog.public_id}/order/criteria", {"order": ["1"]})
    assert incomplete.status_code == 400 and "order" in incomplete.json()["error"]["fields"]
    assert client.delete(f"{API}/{prog.public_id}/criteria/1").status_code == 204
    assert [c.name for c in prog.criteria.all()] == names[:-1] and [c.position for c in prog.criteria.all()] == list(range(n_criteria))
    assert client.delete(f"{API}/{prog.public_id}/assurances/{n_assurances + 1}").status_code == 204
    assert client.put(f"{API}/{prog.public_id}/order/widgets", {"order": []}, content_type="application/json").status_code == 400
    assert AuditEvent.objects.filter(action="programs_program.criterion_delete").count() == 1
    client.force_login(f.reviewer("KY"))
    assert client.delete(f"{API}/{prog.public_id}/criteria/1").status_code == 403


def test_parts_in_use_are_neither_deleted_nor_moved_on_the_page_or_in_the_api(client: Client) -> None:
    prog, lead, admin, rev = f.program(), f.lead(), f.admin(), f.reviewer()
    app = f.to_approved(prog, lead, admin, rev)
    requested = app.flexibilities.get().rule
    client.force_login(admin)
    page = client.get(f"{BASE}/{prog.public_id}/settings/")
    body = page.content.decode()
    assert "in use: 1 application requested it" in body and "in use: 1 application affirmed it" in body
    refused = client.post(f"{BASE}/{prog.public_id}/parts/", {"kind": "rule", "key": requested.code, "action": "delete"}, follow=True)
    assert "1 application requested it" in refused.content.decode() and prog.rules.filter(code=requested.code).exists()
    r = client.delete(f"{API}/{prog.public_id}/rules/{requested.code}")
    assert r.status_code == 400 and "requested" in r.json()["error"]["fields"]["key"][0]
    r = client.delete(f"{API}/{prog.public_id}/assurances/1")
    assert r.status_code == 400 and "affirmed" in r.json()["error"]["fields"]["key"][0]
    others = [r.code for r in prog.rules.all() if r.code != requested.code]
    r = _json(client, "put", f"{API}/{prog.public_id}/order/rules", {"order": [*others, requested.code]})
    assert r.status_code == 400 and "keeps its place" in r.json()["error"]["fields"]["order"][0]
    # A rule nobody requested moves (page buttons) and is deleted.
    last = others[-1]
    assert client.post(f"{BASE}/{prog.public_id}/parts/", {"kind": "rule", "key": last, "action": "up"}).status_code == 302
    codes = [r.code for r in prog.rules.all()]
    assert codes.index(last) == len(codes) - 2
    assert client.post(f"{BASE}/{prog.public_id}/parts/", {"kind": "rule", "key": last, "action": "delete"}).status_code == 302
    assert not prog.rules.filter(code=last).exists()


def test_an_approval_group_a_pending_decision_waits_on_is_kept(client: Client) -> None:
    prog, lead, admin, rev = f.program("KY", "kentucky"), f.lead(state="KY"), f.admin("KY"), f.reviewer("KY")
    second = f.admin("KY")
    services.program_update(actor=admin, program=prog, approval_groups={"conditionally_approve": [admin.email, second.email]})
    app = f.to_conditional(prog, lead, admin, rev)  # proposed; waits for both approvers
    assert app.decisions.get().decided_at is None
    client.force_login(admin)
    page = client.get(f"{BASE}/{prog.public_id}/settings/")
    assert second.email in page.content.decode()
    r = client.delete(f"{API}/{prog.public_id}/approval-groups/conditionally_approve")
    assert r.status_code == 400 and "waiting" in r.json()["error"]["fields"]["decision"][0]
    r = _json(client, "put", f"{API}/{prog.public_id}/approval-groups/conditionally_approve/order", {"approvers": [second.email, admin.email]})
    assert r.status_code == 400
    services.decision_approve(actor=admin, decision=app.decisions.get())
    services.decision_approve(actor=second, decision=app.decisions.get())
    moved = client.post(f"{BASE}/{prog.public_id}/parts/", {"kind": "approval_group", "key": "conditionally_approve", "email": second.email, "action": "up"})
    assert moved.status_code == 302
    prog.refresh_from_db()
    assert prog.approval_groups == {"conditionally_approve": [second.email, admin.email]}
    assert client.delete(f"{API}/{prog.public_id}/approval-groups/conditionally_approve").status_code == 204
    prog.refresh_from_db()
    assert prog.approval_groups == {}


SETTINGS_BUDGET = 14  # session, user, principal, program, its parts (3), parts in use (3)...: never one per part


def test_the_settings_and_stages_pages_hold_their_budget_as_parts_grow(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from statewide.programs.models import Assurance, Criterion, Rule  # noqa: PLC0415

    prog, admin = f.program("KY", "kentucky"), f.admin("KY")
    levels = [{"score": 0, "label": "No"}, {"score": 1, "label": "Yes"}]
    Criterion.objects.bulk_create(Criterion(program=prog, position=10 + i, name=f"Criterion {i}", levels=levels) for i in range(40))
    Assurance.objects.bulk_create(Assurance(program=prog, position=10 + i, text=f"Assurance {i}") for i in range(40))
    Rule.objects.bulk_create(
        Rule(program=prog, position=10 + i, code=f"rule-{i}", citation=f"KRS {i}", summary="s", waivable=True, source_url="https://lrc.ky.gov/")
        for i in range(40)
    )
    client.force_login(admin)
    client.get(f"{BASE}/{prog.public_id}/settings/")
    with django_assert_max_num_queries(SETTINGS_BUDGET):
        page = client.get(f"{BASE}/{prog.public_id}/settings/")
    assert page.status_code == 200 and "Criterion 39" in page.content.decode() and "KRS 39" in page.content.decode()
    with django_assert_max_num_queries(SETTINGS_BUDGET):
        assert client.get(f"{BASE}/{prog.public_id}/stages/").status_code == 200
