"""The cache backends behind CACHE_URL: the database cache (default) and Redis (large deployments).

The Redis test starts Debian's redis-server on a free loopback port (or uses REDIS_URL, as CI does).
Locally it is skipped when redis-server is missing; with CI=true it must run, so it fails instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import override_settings

from statewide.core.cache import cached_by_version, content_changed
from statewide.settings.base import cache_from_url

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url() -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server") or ("/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI (scripts/system-deps.sh installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cache_url_schemes() -> None:
    assert cache_from_url("db://statewide_cache")["BACKEND"] == "statewide.core.dbcache.DatabaseCache"
    assert cache_from_url("redis://127.0.0.1:6379/0") == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
    assert cache_from_url("db://t")["OPTIONS"] == {"MAX_ENTRIES": 5000}
    assert cache_from_url("db://t?max_entries=200")["OPTIONS"] == {"MAX_ENTRIES": 200}
    with pytest.raises(ValueError, match="max_entries"):
        cache_from_url("db://t?max_entries=lots")
    with pytest.raises(ValueError, match="unknown scheme"):
        cache_from_url("memcached://x")


def _exercise(backend: BaseCache) -> None:
    """Values cached by version through the backend: a hit until a write, then computed afresh."""
    calls: list[int] = []

    def compute() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    assert caches["default"] is backend  # the module-level `cache` proxy resolves to this backend
    backend.clear()
    assert cached_by_version("probe", ["policies"], compute) == {"n": 1}
    assert cached_by_version("probe", ["policies"], compute) == {"n": 1}
    content_changed("policies")
    assert cached_by_version("probe", ["policies"], compute) == {"n": 2}
    backend.clear()


@pytest.mark.redis
def test_redis_backend_serves_versioned_values(redis_url: str) -> None:
    with override_settings(CACHES={"default": cache_from_url(redis_url)}):
        backend = caches["default"]
        backend.set("ping", "pong")
        assert backend.get("ping") == "pong"
        _exercise(backend)


def test_database_backend_serves_versioned_values() -> None:
    from django.core.management import call_command  # noqa: PLC0415

    with override_settings(CACHES={"default": cache_from_url("db://statewide_test_cache")}):
        call_command("createcachetable", verbosity=0)
        _exercise(caches["default"])


@pytest.fixture
def database_cache() -> Iterator[BaseCache]:
    from django.core.management import call_command  # noqa: PLC0415

    settings = cache_from_url("db://statewide_test_cache") | {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}}
    with override_settings(CACHES={"default": settings}):
        call_command("createcachetable", verbosity=0)
        backend = caches["default"]
        backend.clear()
        yield backend
        backend.clear()


def test_database_backend_writes_an_entry_in_one_statement(database_cache: BaseCache, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from statewide.core import dbcache  # noqa: PLC0415

    monkeypatch.setattr(dbcache, "_writes", iter(range(1, 10**9)))  # not a counting write
    with CaptureQueriesContext(connection) as queries:
        database_cache.set("k", {"v": 1}, 60)
    writes = [q["sql"] for q in queries.captured_queries if "statewide_test_cache" in q["sql"]]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0], writes
    database_cache.set("k", {"v": 2}, 60)  # overwrites
    assert database_cache.get("k") == {"v": 2}
    assert database_cache.add("k", {"v": 3}, 60) is False  # add leaves a live entry alone (Django's own)
    database_cache.set("gone", 1, -1)  # already expired: never served
    assert database_cache.get("gone") is None
    assert database_cache.get_many(["k", "gone"]) == {"k": {"v": 2}}


def test_database_backend_still_culls_past_max_entries(database_cache: BaseCache, monkeypatch: pytest.MonkeyPatch) -> None:
    from statewide.core import dbcache  # noqa: PLC0415

    monkeypatch.setattr(dbcache, "_writes", iter(range(10**9)))  # every CULL_EVERY-th write counts the rows
    for i in range(3 * dbcache.CULL_EVERY):
        database_cache.set(f"k{i}", i, 60)
    live = sum(1 for i in range(3 * dbcache.CULL_EVERY) if database_cache.get(f"k{i}") is not None)
    assert live <= 10 + dbcache.CULL_EVERY, live  # never far past MAX_ENTRIES (10)
    assert database_cache.get(f"k{3 * dbcache.CULL_EVERY - 1}") == 3 * dbcache.CULL_EVERY - 1  # the latest write is kept


def test_a_request_reads_each_content_version_once_and_sees_its_own_writes() -> None:
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from statewide.core.cache import content_versions, remember_versions  # noqa: PLC0415

    content_changed("policies", scopes=["TX"])
    with remember_versions(), CaptureQueriesContext(connection) as queries:
        first, _ = content_versions(["policies", "frameworks"])
        assert content_versions(["frameworks", "policies"])[0] == first  # no query: remembered
        content_versions(["policies", "policies@TX"])  # only policies@TX is read
        reads = [q for q in queries.captured_queries if "core_contentversion" in q["sql"]]
        assert len(reads) == 2, [q["sql"] for q in reads]
        content_changed("policies")  # a write in the request: forgotten, so the next read sees it
        after, _ = content_versions(["policies", "frameworks"])
        assert {d: v for d, v, _at in after}["policies"] == {d: v for d, v, _at in first}["policies"] + 1
    outside, _ = content_versions(["policies"])  # outside a request nothing is remembered
    assert outside[0][1] == {d: v for d, v, _at in after}["policies"]


def test_database_backend_stores_a_large_value_compressed(database_cache: BaseCache) -> None:
    import pickle  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    page = {"content": ("<p>Policies by type</p>" * 4000).encode(), "status": 200}
    database_cache.set("page", page, 60)
    database_cache.set("small", {"n": 1}, 60)
    assert database_cache.get("page") == page
    assert database_cache.get_many(["page", "small"]) == {"page": page, "small": {"n": 1}}
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM statewide_test_cache WHERE cache_key LIKE %s", ["%page"])
        stored = cursor.fetchone()[0]
    assert len(stored) < len(pickle.dumps(page)) / 10
