#!/usr/bin/env bash
# Installs what is missing, and nothing that is already there:
#   - .venv with the pinned requirements (reinstalled only when the requirements change);
#   - a bun >= 1.4.4 for Reflex's frontend build: a suitable one on PATH or in Reflex's
#     own folder is used as it is; otherwise bun is installed from the npm registry into
#     .tools/ (Reflex's own installer downloads from the internet, which may be closed).
# Usage: scripts/bootstrap.sh [requirements-file]. Writes .tools/env.sh for the callers.
set -euo pipefail
cd "$(dirname "$0")/.."
req=${1:-requirements.txt}
BUN_MIN=1.4.4

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "${PYTHON:-python3}" -m venv .venv
fi
stamp=".venv/.$(basename "$req").sha256"
want=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing $req"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi

mkdir -p .tools
bun_dir=""
use_system=1
# The project's own bun first: a shell that sourced .tools/env.sh has it on PATH, and finding it
# there must not drop it from the env.sh written below.
if [ -x .tools/node_modules/.bin/bun ] && version_ge "$(.tools/node_modules/.bin/bun --version)" "$BUN_MIN"; then
  bun_dir="$PWD/.tools/node_modules/.bin"
elif command -v bun >/dev/null 2>&1 && version_ge "$(bun --version)" "$BUN_MIN"; then
  bun_dir=""
elif [ -x "$HOME/.local/share/reflex/bun/bin/bun" ] && version_ge "$("$HOME/.local/share/reflex/bun/bin/bun" --version)" "$BUN_MIN"; then
  use_system=0
else
  command -v npm >/dev/null 2>&1 || { echo "error: no bun >= $BUN_MIN and no npm to install it; install Node.js 20+" >&2; exit 1; }
  echo "==> installing bun@$BUN_MIN from the npm registry into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "bun@$BUN_MIN" >/dev/null
  bun_dir="$PWD/.tools/node_modules/.bin"
fi
{
  echo "export PATH=\"$PWD/.venv/bin${bun_dir:+:$bun_dir}:\$PATH\""
  [ "$use_system" = 1 ] && echo "export REFLEX_USE_SYSTEM_BUN=1"
  echo "export PYTHONPATH=\"$PWD\${PYTHONPATH:+:\$PYTHONPATH}\""
} > .tools/env.sh
