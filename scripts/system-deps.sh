#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when missing: Chromium for the browser
# tests (Playwright drives Debian's build; it never downloads a browser) and poppler-utils to check
# PDFs, redis-server for the one test of the Redis cache backend, and nginx to check deploy/'s
# reverse-proxy configuration with `nginx -t` (installed without starting its service). Needs root; without it, prints what is missing and carries on (browser tests then skip,
# unless STATEWIDE_REQUIRE_BROWSER=1 makes them fail).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "note: missing Debian packages (${need[*]}); run as root or install them to enable browser tests." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing Debian packages: ${need[*]}" >&2
apt-get update -qq >/dev/null
# Packages with a service (nginx) must not start it here: policy-rc.d denies it during the install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
