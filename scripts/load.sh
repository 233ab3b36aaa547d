#!/usr/bin/env bash
# `make load`: the national dataset on a throwaway PostgreSQL 15 cluster, gunicorn (3 workers,
# production settings) on loopback, and a bounded headless locust run as a separate process.
# Prints p50/p95/p99 and errors per page next to the bare-view floor, and saves the table under
# benchmarks/results/, with the resident memory (RSS) of each gunicorn worker after the run and the
# cold requests of benchmarks/load/cold.py (the biggest state profile, the map, the API), one at a time.
# Tunables: LOAD_USERS (100), LOAD_SECONDS (60), LOAD_PORT (8765), LOAD_WORKERS (3),
# LOAD_THREADS (1: sync workers; more: gthread workers with that many threads each),
# PGPORT (55433), PGROOT (/tmp/statewide-load-pg): the cluster is kept between runs, so the
# dataset is built once.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
LOAD_USERS=${LOAD_USERS:-100}
LOAD_SECONDS=${LOAD_SECONDS:-60}
LOAD_PORT=${LOAD_PORT:-8765}
LOAD_WORKERS=${LOAD_WORKERS:-3}
LOAD_THREADS=${LOAD_THREADS:-1}
export PGPORT=${PGPORT:-55433} PGROOT=${PGROOT:-/tmp/statewide-load-pg}
source .ci/pg-up.sh                                  # exports DATABASE_URL
export DJANGO_SETTINGS_MODULE=statewide.settings.prod
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 DATA_DIR=${DATA_DIR:-/tmp/statewide-load-data}
# The demo data sends e-mail (program decisions): there is no mail server on a load-test machine.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend}
export CACHE_URL=${CACHE_URL:-db://statewide_cache}

echo "== dataset (idempotent: only what is missing is added)"
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
# Compressing every static file takes minutes on a busy machine: only when the sources changed.
mkdir -p "$DATA_DIR/static"
if [ ! -f "$DATA_DIR/static/.collected" ] || [ -n "$(find src/statewide/static -newer "$DATA_DIR/static/.collected" -print -quit)" ]; then
  $PY manage.py collectstatic --noinput -v0 && touch "$DATA_DIR/static/.collected"
fi
if ! $PY -c 'import django; django.setup(); from statewide.policies.models import PolicyType; raise SystemExit(0 if PolicyType.objects.exists() else 1)'; then
  $PY -m statewide load-demo >/dev/null             # reference content and demo data, once
fi
$PY -m statewide generate-national
STAFF_SESSION=$($PY - <<'PYEOF'
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from statewide.accounts.models import User
user, _ = User.objects.get_or_create(email="load-staff@example.org", defaults={"is_superuser": True, "is_staff": True})
s = SessionStore()
s[SESSION_KEY], s[BACKEND_SESSION_KEY], s[HASH_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend", user.get_session_auth_hash()
s.create()
print(s.session_key)
PYEOF
)
CAMPAIGN=$($PY -c 'import django; django.setup(); from statewide.selfassessment.models import Campaign; print(Campaign.objects.get(title="National load-test campaign").public_id)')
export LOAD_STAFF_SESSION=$STAFF_SESSION LOAD_CAMPAIGN=$CAMPAIGN

echo "== gunicorn: $LOAD_WORKERS workers x $LOAD_THREADS threads on 127.0.0.1:$LOAD_PORT"
.venv/bin/gunicorn statewide.wsgi -w "$LOAD_WORKERS" --threads "$LOAD_THREADS" -b 127.0.0.1:$LOAD_PORT --access-logfile /dev/null --error-logfile /tmp/statewide-load-gunicorn.log &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$LOAD_PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done

STAMP=$(date -u +%Y%m%dT%H%MZ)
mkdir -p benchmarks/results
echo "== cold requests, one at a time (the cache cleared; a write to another state)"
COLD=$($PY benchmarks/load/cold.py "http://127.0.0.1:$LOAD_PORT")
echo "$COLD"
PREFIX=/tmp/statewide-load-$STAMP
echo "== warm-up (10 users for 10 s, so the table shows warm caches), then locust: $LOAD_USERS users for $LOAD_SECONDS s"
# locust runs as its own process: its gevent patching must come before anything imports ssl.
LOAD_SECONDS=10 timeout 300 .venv/bin/locust -f benchmarks/load/locustfile.py --headless -u 10 -r 10 \
  --host "http://127.0.0.1:$LOAD_PORT" --only-summary >/tmp/statewide-load-warmup.log 2>&1 || true
LOAD_SECONDS=$LOAD_SECONDS timeout $((LOAD_SECONDS + 300)) .venv/bin/locust -f benchmarks/load/locustfile.py --headless \
  -u "$LOAD_USERS" -r 20 --host "http://127.0.0.1:$LOAD_PORT" --csv "$PREFIX" --only-summary >/tmp/statewide-load-locust.log 2>&1 || true
# Resident memory of each worker (the children of the gunicorn master), after the run.
RSS=$(ps -o rss= --ppid "$GUNICORN" | awk '{printf "%s%.0f", sep, $1/1024; sep=", "} END {print ""}')
$PY benchmarks/load/summarise.py "$PREFIX" \
  "$STAMP: $LOAD_USERS users for $LOAD_SECONDS s, gunicorn $LOAD_WORKERS workers x $LOAD_THREADS threads, PostgreSQL 15, CACHE_URL=${CACHE_URL%%:*}, $(nproc) cores (load average $(cut -d' ' -f1 /proc/loadavg) at the end)" \
  "benchmarks/results/load-$STAMP.md" "$RSS"
printf '\n%s' "$COLD" >> "benchmarks/results/load-$STAMP.md"
echo "Saved benchmarks/results/load-$STAMP.md"
