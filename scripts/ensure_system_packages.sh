#!/usr/bin/env bash
# What the browser tests need from the system: Debian's Chromium and CJK fonts (Playwright's own
# browser download is not used), and nginx for the proxy test (deploy/nginx). Installs what is
# missing when this user may; otherwise says so, and those tests skip with that reason.
set -uo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium fonts-noto-cjk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing ${missing[*]} (apt-get)"
  # policy-rc.d: the package must not start a system nginx on port 80 (the test runs its own).
  ours=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && ours=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  status=$?
  [ -n "$ours" ] && rm -f /usr/sbin/policy-rc.d
  [ $status = 0 ] && exit 0
fi
echo "warning: ${missing[*]} not installed and could not be installed here; the tests that need them will be skipped" >&2
exit 0
