#!/usr/bin/env bash
# The server Playwright tests against: a production build on its own port, with its own database,
# Redis db, keyspace and index prefix, so browser tests never touch the demo world.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"
load_env
port="${1:-3100}"

export DATABASE_URL="${E2E_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bluemarble_e2e}"
export REDIS_URL="${E2E_REDIS_URL:-redis://127.0.0.1:6379/2}"
export CASSANDRA_KEYSPACE="${E2E_CASSANDRA_KEYSPACE:-bluemarble_e2e}"
export ELASTICSEARCH_INDEX_PREFIX="${E2E_ELASTICSEARCH_INDEX_PREFIX:-bluemarble_e2e}"
# Every browser test registers its players from 127.0.0.1: lift the per-IP sign-up limit (10 an hour) for this server.
export REGISTRATIONS_PER_IP_PER_HOUR="${E2E_REGISTRATIONS_PER_IP_PER_HOUR:-100000}"
export NEXTAUTH_URL="http://127.0.0.1:$port"

if [[ -n "${CI:-}" ]]; then
  # CI proves the whole path from an empty database; locally the e2e database is kept between runs.
  step "Recreating the e2e database"
  e2e_db="${DATABASE_URL##*/}"
  [[ "$e2e_db" == *e2e* ]] || fail "refusing to drop $e2e_db: not an e2e database"
  psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$e2e_db\" WITH (FORCE)" >/dev/null
  redis-cli -u "$REDIS_URL" flushdb >/dev/null
fi
bash scripts/stack/prepare-data.sh
[[ -f .next/BUILD_ID ]] || npx next build
exec npx next start -p "$port" -H 127.0.0.1
