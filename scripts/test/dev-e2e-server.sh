#!/usr/bin/env bash
# A `next dev` server against the e2e environment, for writing Playwright specs: E2E_PORT=3200 npx playwright test reuses it.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"
load_env
port="${1:-3200}"
export DATABASE_URL="${E2E_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bluemarble_e2e}"
export REDIS_URL="${E2E_REDIS_URL:-redis://127.0.0.1:6379/2}"
export CASSANDRA_KEYSPACE="${E2E_CASSANDRA_KEYSPACE:-bluemarble_e2e}"
export ELASTICSEARCH_INDEX_PREFIX="${E2E_ELASTICSEARCH_INDEX_PREFIX:-bluemarble_e2e}"
# Every browser test registers its players from 127.0.0.1: lift the per-IP sign-up limit (10 an hour) for this server.
export REGISTRATIONS_PER_IP_PER_HOUR="${E2E_REGISTRATIONS_PER_IP_PER_HOUR:-100000}"
export NEXTAUTH_URL="http://127.0.0.1:$port"
bash scripts/stack/prepare-data.sh
exec npx next dev -p "$port" -H 127.0.0.1
