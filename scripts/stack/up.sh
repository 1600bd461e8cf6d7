#!/usr/bin/env bash
# Quick-start command 1 (`npm run stack`): installs what is missing, starts every engine, migrates,
# loads the demo world, builds and serves the portal on http://localhost:3000.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"

ensure_node_modules
load_env
bash scripts/stack/engines.sh start
bash scripts/stack/prepare-data.sh

port="${PORT:-3000}"
if port_open "$port"; then
  fail "port $port is already in use. Stop what is listening there, or run with PORT=<free port> npm run stack"
fi

step "Building the portal"
npx next build

step "Serving the portal on http://localhost:$port"
bash scripts/stack/demo-logins.sh
exec npx next start -p "$port"
