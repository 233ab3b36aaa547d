#!/usr/bin/env bash
# Stop the throwaway cluster started by pg-up.sh.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
PGROOT=${PGROOT:-/tmp/statewide-pg}
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); else AS_PG=(); fi
if [ -s "$PGROOT/data/PG_VERSION" ]; then
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
fi
