"""The shared cache (statewide.core.cache) on the tracker: never stale, conditional GETs, never shared across users.

The property: after any sequence of writes through the services, every cached public page and API
response equals what the view renders from scratch. Sequences are drawn from a seeded generator
(many short random sequences), so a failure is reproducible from its seed.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from statewide.accounts.models import Role
from statewide.core.cache import content_versions
from statewide.policies.io import COLUMNS, export_csv, policy_records_import
from statewide.policies.models import PolicyRecord, PolicyType
from statewide.policies.selectors import TRACKER_DOMAINS, condition_list, policy_record_list
from statewide.policies.services import (
    policy_level_override,
    policy_record_create,
    policy_record_delete,
    policy_record_update,
    policy_type_upsert,
)
from tests.factories import person

pytestmark = pytest.mark.django_db

PAGES = [
    "/tracker/",
    "/tracker/?measure=records",
    "/tracker/states/TX/",
    "/tracker/states/ID/",
    "/tracker/policies/?jurisdiction=TX",
    "/tracker/types/",
    "/tracker/changes/",
    "/tracker/compare/?states=TX&states=ID",
    "/api/v1/jurisdictions/",
    "/api/v1/jurisdictions/TX/",
    "/api/v1/policies/?jurisdiction=TX",
    "/api/v1/policy-types/",
]


def _record_data(rng: random.Random, usps: str) -> dict[str, object]:
    types = list(PolicyType.objects.values_list("code", flat=True))
    conditions = list(condition_list().values_list("code", flat=True))
    start = dt.date(2005 + rng.randrange(18), rng.randrange(1, 13), 1)
    return {
        "jurisdiction": usps,
        "title": f"Cache probe {rng.randrange(10**6)}",
        "policy_type": rng.choice(types),
        "instrument": "statute",
        "status": "in_effect",
        "enacted_on": start.isoformat(),
        "conditions": [rng.choice(conditions)] if rng.random() < 0.5 else [],
        "sources": [f"https://example.org/probe/{rng.randrange(10**6)}"],
    }


def _write(rng: random.Random, editor, step: int) -> str:  # type: ignore[no-untyped-def]
    """One random write through a service; returns its name."""
    usps = rng.choice(["TX", "ID"])
    records = list(PolicyRecord.objects.filter(jurisdiction__usps=usps).order_by("pk"))
    op = rng.choice(["create", "update", "delete", "override", "type", "import"])
    if op == "create" or not records:
        policy_record_create(actor=editor, data=_record_data(rng, usps))
        return "create"
    record = rng.choice(records)
    if op == "update":
        policy_record_update(actor=editor, record=record, data={"title": f"{record.title} ({step})", "summary": f"Changed at step {step}."})
    elif op == "delete":
        policy_record_delete(actor=editor, record=record)
    elif op == "override":
        policy_level_override(actor=editor, usps=usps, level_code=rng.choice(["emerging", "advanced", None]), reason="Probe reason.")
    elif op == "type":
        t = rng.choice(list(PolicyType.objects.all()))
        policy_type_upsert(actor=editor, code=t.code, name=f"{t.name.split(' #')[0]} #{step}", description=t.description, position=t.position)
    else:
        text = export_csv(policy_record_list(editor, None).filter(pk=record.pk))
        rows = text.splitlines()
        cols = rows[0].split(",")
        assert cols == COLUMNS
        policy_records_import(actor=editor, data=text.replace(record.title, f"{record.title} [imported {step}]").encode(), fmt="csv")
    return op


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_write_through_the_services_leaves_a_cached_page_stale(client, seeded, seed):
    rng = random.Random(seed)
    editor = person(Role.CONTENT_EDITOR)
    for url in PAGES:  # warm every page
        assert client.get(url).status_code == 200, url
    for step in range(6):
        op = _write(rng, editor, step)
        served = {url: client.get(url) for url in PAGES}  # every page as the cache now serves it
        cache.clear()
        for url in PAGES:  # each rendered from scratch (and cached again for the next write)
            assert served[url].status_code == 200, url
            assert served[url].content == client.get(url).content, f"stale {url} after {op} (seed {seed}, step {step})"


def test_a_rolled_back_write_changes_no_version(seeded):
    editor = person(Role.CONTENT_EDITOR)
    before = content_versions(TRACKER_DOMAINS)
    with pytest.raises(RuntimeError), transaction.atomic():
        policy_record_create(actor=editor, data=_record_data(random.Random(9), "TX"))
        raise RuntimeError
    assert content_versions(TRACKER_DOMAINS) == before


def test_public_page_sends_validators_and_answers_conditional_gets_with_304(client, seeded):
    first = client.get("/tracker/states/TX/")
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    assert client.get("/tracker/states/TX/")["X-Cache"] == "hit"
    assert client.get("/tracker/states/TX/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/tracker/states/TX/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    api = client.get("/api/v1/jurisdictions/")
    assert client.get("/api/v1/jurisdictions/", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304
    # A write makes the old validator fail: the page is sent again, fresh.
    policy_record_create(actor=person(Role.CONTENT_EDITOR), data=_record_data(random.Random(3), "TX"))
    again = client.get("/tracker/states/TX/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_signed_in_responses_are_private_and_never_shared(client, seeded):
    editor = person(Role.CONTENT_EDITOR, email="private.editor@example.org")
    anonymous = client.get("/tracker/states/TX/")
    assert anonymous["X-Cache"] == "miss"
    client.force_login(editor)
    mine = client.get("/tracker/states/TX/")
    assert mine.status_code == 200
    assert "private" in mine["Cache-Control"] and "Cookie" in mine["Vary"]
    assert not mine.has_header("X-Cache") and not mine.has_header("ETag")
    assert b"private.editor@example.org" in mine.content or b"Add a policy record" in mine.content
    assert b"Add a policy record" not in anonymous.content
    client.logout()
    after = client.get("/tracker/states/TX/")
    assert after["X-Cache"] == "hit" and after.content == anonymous.content
    assert b"private.editor@example.org" not in after.content
    # An API token caller is never served from, nor stored in, the shared cache.
    token_call = client.get("/api/v1/jurisdictions/", HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert not token_call.has_header("X-Cache") and "private" in token_call["Cache-Control"]


def test_reimporting_an_unchanged_file_is_a_no_op(seeded):
    editor = person(Role.CONTENT_EDITOR)
    text = export_csv(policy_record_list(editor).order_by("pk")).encode()
    versions = content_versions(TRACKER_DOMAINS)
    first = policy_records_import(actor=editor, data=text, fmt="csv")
    assert (first.created, first.updated) == (0, 0) and first.unchanged == PolicyRecord.objects.count()
    assert content_versions(TRACKER_DOMAINS) == versions  # nothing written, nothing bumped
    second = policy_records_import(actor=editor, data=text, fmt="csv")
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.unchanged)


def test_signed_in_readers_share_the_records_fragment_and_it_is_never_stale(client, seeded):
    """Signed-in pages are never shared, but the records part of a state profile is the same for
    everyone who sees every record: the second reader renders none of it, and a write shows at once."""

    def total_line() -> bytes:
        n = PolicyRecord.objects.filter(jurisdiction__usps="TX").count()
        return f"{n} tracked policies in all".encode()

    first, second = person(Role.CONTENT_EDITOR, email="first.reader@example.org"), person(email="second.reader@example.org")
    client.force_login(first)
    assert total_line() in client.get("/tracker/states/TX/").content
    client.force_login(second)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/tracker/states/TX/")
    assert page.status_code == 200 and total_line() in page.content
    assert not [q for q in queries.captured_queries if "policies_policyrecord" in q["sql"]], "the fragment was rendered again"
    policy_record_create(actor=first, data=_record_data(random.Random(5), "TX"))
    assert total_line() in client.get("/tracker/states/TX/").content


def test_a_write_to_another_state_leaves_a_states_records_part_cached(client, seeded):
    """The records part of a state profile is keyed by that state's own version (`policies@TX`), so
    an edit in Idaho renders Texas's page again around it but not its records; an edit in Texas does."""

    def profile_renders(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum("ROW_NUMBER" in q["sql"].upper() for q in queries.captured_queries)  # the one ranking of the most recent records

    editor = person(Role.CONTENT_EDITOR)
    assert profile_renders("/tracker/states/TX/") == 1
    policy_record_create(actor=editor, data=_record_data(random.Random(6), "ID"))
    assert profile_renders("/tracker/states/TX/") == 0
    assert profile_renders("/tracker/states/ID/") == 1
    policy_record_create(actor=editor, data=_record_data(random.Random(7), "TX"))
    assert profile_renders("/tracker/states/TX/") == 1
