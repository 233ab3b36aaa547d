"""The read-replica router, with two database aliases: `replica` (a test mirror of `default`) and `default`.

Which connection ran each query is what is checked: reads of the selected read-only paths on the
replica, every write and every other read on the primary, reads after a write on the primary."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from statewide.core.audit import audit_record
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.core.replica import PIN_COOKIE, ReplicaRouter, replica_reads
from tests.factories import person

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


def _sql(capture: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in capture.captured_queries]


@pytest.fixture
def replica_paths(settings: Any) -> None:
    settings.REPLICA_READ_PATHS = ["/tracker/"]


def _run(fn: Any) -> tuple[list[str], list[str]]:
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as replica:
        fn()
    return _sql(primary), _sql(replica)


def test_selected_read_only_pages_read_from_the_replica_and_others_from_the_primary(client: Client, replica_paths: None) -> None:
    primary, replica = _run(lambda: client.get("/tracker/"))
    assert any("policies_policyrecord" in q for q in replica) and not any("policies_policyrecord" in q for q in primary)
    primary, replica = _run(lambda: client.get("/districts/"))  # not selected: primary only
    assert primary and not replica


def test_sessions_stay_on_the_primary_and_a_browser_that_wrote_is_pinned_to_it(client: Client, replica_paths: None) -> None:
    client.force_login(person(operator=True))
    primary, replica = _run(lambda: client.get("/tracker/"))
    assert any("django_session" in q for q in primary) and not any("django_session" in q for q in replica)
    assert any("policies_policyrecord" in q for q in replica)
    # a POST (it writes) sets the pin cookie; the same browser's next reads go to the primary
    r = client.post("/tracker/follow/", {"usps": "TX"})
    assert r.status_code == 302 and r.cookies[PIN_COOKIE]["max-age"] == 10
    primary, replica = _run(lambda: client.get("/tracker/"))
    assert not replica and any("policies_policyrecord" in q for q in primary)


def test_a_read_that_stores_derived_data_does_not_pin_the_browser(client: Client, replica_paths: None) -> None:
    """A cold state profile stores the state's summary rows and ranking (derived data, on the
    primary), but the reader wrote nothing: no pin cookie, so the next reads still use the replica."""
    primary, _replica = _run(lambda: client.get("/tracker/states/TX/"))
    assert any(q.startswith(("INSERT", "UPDATE")) and "policies_stateaggregate" in q for q in primary)
    assert PIN_COOKIE not in client.cookies
    primary, _replica = _run(lambda: client.get("/tracker/?year=2015"))  # a past year: the states' spans stored
    assert any(q.startswith("INSERT") and "policies_statefactsspan" in q for q in primary)
    assert PIN_COOKIE not in client.cookies


def test_reads_after_a_write_in_the_same_block_go_to_the_primary_and_writes_never_to_the_replica() -> None:
    def work() -> None:
        with replica_reads() as state:
            AuditEvent.objects.count()  # replica
            audit_record(actor=SYSTEM, action="replica.test", object_type="t", object_id="1", object_repr="t")
            assert state.wrote
            AuditEvent.objects.count()  # primary: it must see the write

    primary, replica = _run(work)
    assert len([q for q in replica if "core_auditevent" in q]) == 1
    assert any(q.startswith("INSERT") for q in primary) and not any(q.startswith(("INSERT", "UPDATE", "DELETE")) for q in replica)
    assert sum("COUNT(*)" in q and "core_auditevent" in q for q in primary) == 1


def test_the_router_migrates_only_the_primary_and_without_a_block_reads_the_primary() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "core") and not router.allow_migrate("replica", "core")
    assert router.db_for_read(AuditEvent) == "default"
    with replica_reads():
        assert router.db_for_read(AuditEvent) == "replica"
