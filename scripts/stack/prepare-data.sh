#!/usr/bin/env bash
# Schema and demo data for the database named by DATABASE_URL (and the keyspace/indices of this environment).
# Idempotent: running it again applies nothing new and leaves the demo world as it is.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
cd "$REPO_ROOT"

step "Migrating PostgreSQL ($DATABASE_URL)"
npm run --silent db:migrate
# Order matters: search indices and leaderboards are built from the seeded PostgreSQL data.
for script in cql:migrate db:seed world:seed search:setup leaderboards:rebuild; do
  step "npm run $script"
  npm run --silent "$script"
done
