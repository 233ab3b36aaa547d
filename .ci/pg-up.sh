#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests. Idempotent and quiet.
# Usage: source .ci/pg-up.sh   (exports DATABASE_URL and PG* variables)
set -euo pipefail
PGVER=15
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGPORT=${PGPORT:-54329}
PGROOT=${PGROOT:-/tmp/statewide-pg}
PGDATA=$PGROOT/data
PGDB=${PGDB:-statewide}

if [ ! -x "$PGBIN/pg_ctl" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql-$PGVER >/dev/null
fi
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); else AS_PG=(); fi
mkdir -p "$PGROOT"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGROOT"; fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
fi
if ! "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
fi
export PGHOST=127.0.0.1 PGPORT PGUSER=postgres
if ! "$PGBIN/psql" -d postgres -Atqc "select 1 from pg_database where datname='$PGDB'" | grep -q 1; then
  "$PGBIN/createdb" "$PGDB"
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/$PGDB"
