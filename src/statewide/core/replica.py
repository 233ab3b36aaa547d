"""A read replica for read-only pages: a database router, small and honest about replica lag.

With `DATABASE_REPLICA_URL` set, the database alias `replica` is a streaming replica of `default`.
Only GET/HEAD requests whose path starts with one of `REPLICA_READ_PATHS` (public, read-mostly
pages and API lists) read from it, through `ReplicaRouter`; everything else reads from the primary,
and every write goes to the primary. Replica lag is handled in three ways:

- in a request, the first write pins every later read of that request to the primary (a page that
  writes and then reads sees its own write);
- a request that wrote sets a short cookie (`REPLICA_PIN_SECONDS`, 10 s) that sends the same
  browser's next requests to the primary, so someone who just saved never sees the old version;
- sessions, sign-in throttles, the task queue and the database cache are always read from the
  primary (a just-signed-in person is never signed out by a lagging replica).

`replica_reads()` lets a command or a job read from the replica for a block of code. Pages may still
show data a few seconds old to other people: choose `REPLICA_READ_PATHS` for pages where that is
acceptable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "statewide_primary"
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_tasks_database", "django_cache"})
DERIVED_APPS = frozenset({"django_cache"})  # and models marked `derived_data = True`


@dataclass
class _Reads:
    replica: bool = False
    wrote: bool = False


_reads: ContextVar[_Reads | None] = ContextVar("statewide_replica_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads(enabled: bool = True) -> Iterator[_Reads]:
    """Reads inside the block go to the replica (if configured) until the block's first write."""
    state = _Reads(replica=enabled and replica_configured())
    token = _reads.set(state)
    try:
        yield state
    finally:
        _reads.reset(token)


class ReplicaRouter:
    """Reads in a `replica_reads` block go to the replica until a write; writes and migrations go to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        state = _reads.get()
        if state is None or not state.replica or state.wrote or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        state = _reads.get()
        # Derived data (cache entries, stored aggregates a read recomputes) is not something the
        # browser wrote: storing it does not pin the browser to the primary.
        if state is not None and not (model._meta.app_label in DERIVED_APPS or getattr(model, "derived_data", False)):
            state.wrote = True
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"


class ReplicaReadsMiddleware:
    """Route the reads of `REPLICA_READ_PATHS` GET/HEAD requests to the replica; pin a browser that just wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        use = (
            replica_configured()
            and request.method in {"GET", "HEAD"}
            and PIN_COOKIE not in request.COOKIES
            and request.path.startswith(tuple(settings.REPLICA_READ_PATHS))
        )
        with replica_reads(bool(use)) as state:
            response = self.get_response(request)
        if state.wrote and replica_configured():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax", secure=request.is_secure())
        return response
