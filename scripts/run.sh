#!/usr/bin/env bash
# `make run`: install what is missing, migrate, load demo data into an empty database, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements.txt
. .tools/env.sh
python -m complaint_console migrate
python -m complaint_console seed-demo --if-empty
port=${PORT:-3000}
cat <<MSG

  Complaint Console will be served at http://localhost:$port  (the first build takes a minute or two; later starts take seconds)

  Demo logins (password: complaints-demo)
    admin     HQ administrator
    analyst   HQ analyst
    trainer   training lead
    manager1  outlet manager, EAST-001
    manager2  outlet manager, SOUTH-001
    agent1    agent, EAST-001

  Demo keys of the JSON API (POST /api/v1/complaints, Authorization: Bearer <key>)
    demo-app-key-0001     channel app
    demo-wechat-key-0001  channel wechat
  OpenAPI document: http://localhost:$port/api/v1/openapi.json

MSG
# Build the frontend only when its sources (or PORT) changed since the last build; then start
# the web process over it, which compiles and installs nothing and answers within seconds.
python -m complaint_console build
exec python -m complaint_console serve
