#!/usr/bin/env bash
# Quick-start command 2 (`npm test`): the whole suite against real engines.
# lint → type-check → unit → integration (PostgreSQL, Redis, Cassandra, Elasticsearch) → Playwright in Debian's Chromium.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"

started=$(date +%s)
ensure_node_modules
ensure_chromium
load_env
bash scripts/stack/engines.sh start

step "Lint"
npm run --silent lint
step "Type-check"
npm run --silent typecheck
step "Unit tests"
npm run --silent test:unit
step "Integration tests (real engines)"
npm run --silent test:integration
step "Building the portal for the browser tests"
npx next build
step "Browser tests (Playwright, Debian Chromium)"
CI="${CI:-}" npm run --silent test:e2e

info "whole suite passed in $(( $(date +%s) - started )) s"
