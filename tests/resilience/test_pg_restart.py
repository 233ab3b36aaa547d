"""PostgreSQL restarted under load: requests in flight fail cleanly (503 with Retry-After, never a
500), the app answers again by itself within seconds, and no write is half done or lost.

The test builds its own throwaway PostgreSQL 15 cluster (initdb into a temporary directory, a free
port), migrates it, and starts gunicorn against it with the production settings (as
`scripts/load.sh` and `deploy/gunicorn.conf.py` do: 2 workers of 4 threads). Eight client threads
then send, for LOAD_SECONDS, a mix of reads (a page, an API read, `/healthz`) and audited writes
(`POST /api/v1/capacity/resources`, a content editor's API token). A third of the way in,
PostgreSQL is restarted (`pg_ctl restart -m fast`: open connections are cut, and for a moment none
can be made). Afterwards every resource whose creation was answered 201 must exist, and every
resource row has exactly one `resource.create` audit event (so count(rows) == count(events)): a
write is all there or not there, whatever answer its client got.

It runs in CI (CI=true) and whenever the test run uses PostgreSQL; on a SQLite run it is skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
PGBIN = Path("/usr/lib/postgresql/15/bin")
LOAD_SECONDS = 10.0
RESTART_AT = 3.0  # seconds into the load
CLIENTS = 8
RECOVERY_LIMIT = 5.0  # seconds after the restart command returns within which everything answers 200 again

_ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
_IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.skipif(
    not (_ON_POSTGRES or _IN_CI),
    reason="PostgreSQL restart under load: runs in CI (CI=true) and on PostgreSQL test runs (DATABASE_URL=postgres://…); this run uses SQLite",
)

SETUP = """
import django, sys
django.setup()
from django.core.management import call_command
# A copy of the test database has every table; the test settings build the tables of sessions, axes
# and django_tasks_database from their models, so only their migrations are left: recorded as applied.
call_command("migrate", fake=sys.argv[1:] == ["copied"], interactive=False, verbosity=0)
call_command("createcachetable")
from statewide.accounts.models import Membership, Role, User
from statewide.accounts.services import api_token_create
from statewide.capacity.services import resource_create
editor = User.objects.create_user("editor@example.org")
Membership.objects.create(user=editor, role=Role.CONTENT_EDITOR)
seed = resource_create(actor=editor, title="Seed resource", kind="guide", url="https://example.org/seed", summary="", domains=[], tiers=[],
                       audience="", source="Test")
print(api_token_create(actor=editor, name="load")[1], seed.public_id)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    root: Path
    port: int
    as_pg: list[str]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/statewide"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.as_pg, str(PGBIN / "pg_ctl"), "-D", str(self.root / "data"), *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not (PGBIN / "initdb").exists():
        if _IN_CI:
            pytest.fail(f"PostgreSQL 15 is not installed ({PGBIN}): CI must run this test")
        pytest.skip(f"PostgreSQL 15 binaries not found in {PGBIN}")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="statewide-pg-restart-"))
    if as_pg:
        shutil.chown(root, "postgres", "postgres")
    c = Cluster(root, _free_port(), as_pg)
    subprocess.run(
        [*as_pg, str(PGBIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {c.port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    c.pg_ctl("-l", str(root / "server.log"), "-w", "-t", "30", "-o", options, "start")
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{c.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE statewide")
        yield c
    finally:
        subprocess.run([*as_pg, str(PGBIN / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Answer:
    kind: str  # "write", "page", "api", "health"
    started: float
    ended: float
    status: int  # 0: no HTTP answer at all
    retry_after: str | None
    title: str = ""
    created_id: str = ""


def _client(base: str, token: str, seed: str, number: int, stop: float, answers: list[Answer]) -> None:
    session = requests.Session()
    auth = {"Authorization": f"Bearer {token}"}
    n = 0
    while time.monotonic() < stop:
        n += 1
        kind = ("write", "page", "write", "api", "health")[n % 5]
        title = f"restart-{number}-{n}"
        started = time.monotonic()
        try:
            if kind == "write":
                body = {"title": title, "kind": "guide", "url": f"https://example.org/{title}", "source": "Load test"}
                r = session.post(f"{base}/api/v1/capacity/resources", json=body, headers=auth, timeout=30)
            elif kind == "page":
                r = session.get(f"{base}/capacity/resources/", timeout=30)
            elif kind == "api":
                r = session.get(f"{base}/api/v1/capacity/resources/{seed}", headers=auth, timeout=30)
            else:
                r = session.get(f"{base}/healthz", timeout=30)
            status, retry_after = r.status_code, r.headers.get("Retry-After")
            created = r.json().get("id", "") if kind == "write" and status == 201 else ""
        except requests.RequestException:
            status, retry_after, created = 0, None, ""
        answers.append(Answer(kind, started, time.monotonic(), status, retry_after, title if kind == "write" else "", created))


def _copy_test_schema(cluster: Cluster) -> None:
    """Start from the test run's migrated PostgreSQL database (pg_dump | pg_restore, about 2 s) instead
    of applying every migration from scratch (about 30 s on a busy machine); `migrate` then has
    nothing left to do but check."""
    s = settings.DATABASES["default"]
    source = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres", s["NAME"]]
    dump = subprocess.Popen(
        [str(PGBIN / "pg_dump"), "-Fc", "--no-owner", "--no-privileges", *source], stdout=subprocess.PIPE, env={**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    )
    target = ["-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", "statewide", "--no-owner", "--no-privileges", "--exit-on-error"]
    restore = subprocess.run([str(PGBIN / "pg_restore"), *target], stdin=dump.stdout, capture_output=True, text=True, check=False)
    assert dump.wait() == 0 and restore.returncode == 0, restore.stderr[-2000:]


@pytest.mark.django_db  # so that the test run's database is set up (and on PostgreSQL copied), not used
def test_postgres_restart_under_load_gives_clean_503s_then_recovers_and_loses_no_write(cluster: Cluster) -> None:
    began = time.monotonic()
    if _ON_POSTGRES:
        _copy_test_schema(cluster)
    data_dir = cluster.root / "app"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "statewide.settings.prod",
        "DATABASE_URL": cluster.url,
        "SECRET_KEY": "restart-test-" + "k3Yq9vX2pL7mN4bR8sT1wZ6cF0hJ5dG" * 2,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATA_DIR": str(data_dir),
        "LOG_FORMAT": "plain",
        "PYTHONPATH": str(REPO),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    env.pop("CACHE_URL", None)  # the default: the database cache, as in production
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, *(["copied"] if _ON_POSTGRES else [])], cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    token, seed = setup.stdout.split()[-2:]
    migrated = time.monotonic()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = cluster.root / "gunicorn.log"
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy/gunicorn.conf.py"), "statewide.wsgi"], cwd=REPO, env=server_env, stdout=out, stderr=out
        )
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn never became ready:\n" + log.read_text()[-3000:])

        answers: list[Answer] = []
        start = time.monotonic()
        clients = [threading.Thread(target=_client, args=(base, token, seed, i, start + LOAD_SECONDS, answers)) for i in range(CLIENTS)]
        for t in clients:
            t.start()
        time.sleep(RESTART_AT)
        restart_began = time.monotonic()
        cluster.pg_ctl("-l", str(cluster.root / "server.log"), "-m", "fast", "-w", "-t", "30", "restart")
        restarted = time.monotonic()
        for t in clients:
            t.join(timeout=LOAD_SECONDS + 60)
        ready = requests.get(f"{base}/readyz", timeout=10).status_code
    finally:
        server.terminate()
        server.wait(timeout=30)
    gunicorn_log = log.read_text()

    statuses = Counter(a.status for a in answers)
    failed = [a for a in answers if a.status not in (200, 201)]
    last_failure = max((a.ended for a in failed), default=restart_began)
    writes_ok = {a.created_id: a.title for a in answers if a.kind == "write" and a.status == 201}
    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as conn:
        rows = dict(conn.execute("SELECT public_id::text, title FROM capacity_resource WHERE title LIKE 'restart-%%'").fetchall())
        events = Counter(
            object_id
            for (object_id,) in conn.execute(
                "SELECT object_id FROM core_auditevent WHERE action = 'resource.create' AND object_id IN (SELECT public_id::text FROM capacity_resource WHERE title LIKE 'restart-%%')"
            ).fetchall()
        )
        orphan_events = conn.execute(
            "SELECT count(*) FROM core_auditevent WHERE action = 'resource.create' AND object_id NOT IN (SELECT public_id::text FROM capacity_resource)"
        ).fetchone()[0]

    print(
        f"\nPostgreSQL restart under load: {len(answers)} requests by {CLIENTS} clients in {LOAD_SECONDS:.0f} s"
        f" (statuses {dict(sorted(statuses.items()))}); restart took {restarted - restart_began:.1f} s;"
        f" last failure {last_failure - restart_began:.1f} s after it began (recovered {max(0.0, last_failure - restarted):.1f} s after pg_ctl returned);"
        f" {len(writes_ok)} writes answered 201, {len(rows)} rows and {sum(events.values())} audit events compared;"
        f" setup {migrated - began:.0f} s, total {time.monotonic() - began:.0f} s"
    )
    assert len(answers) > 100, statuses
    # Only clean answers: success, or 503 with Retry-After. Never a 500, never a dropped connection.
    assert set(statuses) <= {200, 201, 503}, (statuses, gunicorn_log[-3000:])
    assert all(a.retry_after and int(a.retry_after) > 0 for a in failed)
    assert statuses[503] > 0, "the restart was not seen by any request: the test proves nothing"
    assert "Internal Server Error" not in gunicorn_log, gunicorn_log[-3000:]
    # Failures only around the restart, and back to 200 by itself within seconds.
    assert all(restart_began - 1 <= a.ended and a.started <= restarted + RECOVERY_LIMIT for a in failed)
    assert ready == 200
    assert any(a.status in (200, 201) and a.started > last_failure for a in answers)
    # No write lost or half done: every 201 is there, each row has exactly one audit event and no event lacks its row.
    assert set(writes_ok) <= set(rows), set(writes_ok) - set(rows)
    assert all(rows[i] == title for i, title in writes_ok.items())
    assert len(rows) == sum(events.values()) and set(events) == set(rows) and set(events.values()) <= {1}, (len(rows), events)
    assert orphan_events == 0
