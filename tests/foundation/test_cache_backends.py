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
    assert cache_from_url("db://statewide_cache")["BACKEND"].endswith("db.DatabaseCache")
    assert cache_from_url("redis://127.0.0.1:6379/0") == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
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
