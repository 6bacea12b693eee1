#!/usr/bin/env bash
# Browser tests drive the system Chromium (Playwright's own browser download is not used).
# Installs Debian's chromium and CJK fonts when missing and this user may; otherwise says so,
# and the browser tests skip with that reason.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing chromium and fonts-noto-cjk (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
    && exit 0
fi
echo "warning: chromium is not installed and could not be installed here; browser tests will be skipped" >&2
exit 0
