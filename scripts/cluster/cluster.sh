#!/usr/bin/env bash
# `npm run cluster:start` / `cluster:stop [-- --purge]`: every engine of the portal as a multi-node cluster on this
# one machine, next to the single-node engines (which keep running and are never touched):
#   Cassandra ring 127.0.0.2-4:9042, Redis Cluster 127.0.0.1:7001-7006, Elasticsearch 127.0.0.1:9201-9203,
#   PostgreSQL hot standby 127.0.0.1:5433 + PgBouncer 127.0.0.1:6432 in front of the primary 127.0.0.1:5432.
# `start` reuses members that already run; `stop` stops only what this clone started. `--purge` also deletes
# .data/cluster (the next start builds everything from scratch). Status: `npm run cluster:status [-- --json]`.
# Per-engine scripts (also for fault drills): scripts/cluster/{cassandra,redis,elasticsearch,postgres}.sh.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
CLUSTER_DIR="$REPO_ROOT/.data/cluster"
HERE="$REPO_ROOT/scripts/cluster"

# What the members need on top of what already runs (measured, docs/engines.md "Cluster mode"): 3 x ~1.2 GiB
# Cassandra, 3 x ~0.5 GiB Elasticsearch (growing towards ~0.8 GiB with data), the rest is small.
NEEDED_MIB=6144

check_memory() {
  local available
  available="$(awk '/MemAvailable/{printf "%d", $2/1024}' /proc/meminfo)"
  if ((available < NEEDED_MIB)); then
    fail "only ${available} MiB of memory available; the cluster needs about ${NEEDED_MIB} MiB more than what runs now (stop something, or set CLUSTER_CASSANDRA_HEAP / CLUSTER_ES_HEAP lower)"
  fi
  info "memory available: ${available} MiB (the cluster needs about ${NEEDED_MIB} MiB)"
}

cmd_start() {
  local t0=$SECONDS
  step "Starting the cluster (reusing members that already run)"
  mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/run"
  pg_isready -q -h 127.0.0.1 -p 5432 || fail "the PostgreSQL primary on 127.0.0.1:5432 is down (npm run engines:start starts it)"
  if ! bash "$HERE/cassandra.sh" status >/dev/null 2>&1 || ! bash "$HERE/elasticsearch.sh" status >/dev/null 2>&1; then
    check_memory
  fi
  # The JVMs take minutes on a loaded machine: Cassandra (its nodes one after another) and Elasticsearch (its three
  # nodes at once) start in the background while Redis, PgBouncer and the standby start in the foreground.
  bash "$HERE/cassandra.sh" start >"$CLUSTER_DIR/logs/start-cassandra.out" 2>&1 & local cassandra_pid=$!
  bash "$HERE/elasticsearch.sh" start >"$CLUSTER_DIR/logs/start-elasticsearch.out" 2>&1 & local es_pid=$!
  tail -n +1 -F "$CLUSTER_DIR/logs/start-cassandra.out" "$CLUSTER_DIR/logs/start-elasticsearch.out" 2>/dev/null \
    | grep --line-buffered -v '^==>' & local tail_pid=$!
  local failed=0 t
  t=$SECONDS; bash "$HERE/redis.sh" start || failed=1; info "Redis Cluster: $((SECONDS - t)) s"
  t=$SECONDS; bash "$HERE/postgres.sh" start || failed=1; info "PgBouncer + standby: $((SECONDS - t)) s"
  wait "$cassandra_pid" || failed=1
  wait "$es_pid" || failed=1
  kill "$tail_pid" 2>/dev/null || true
  wait "$tail_pid" 2>/dev/null || true
  ((failed == 0)) || fail "a member did not start (messages above; logs in .data/cluster/logs/)"
  step "Cluster ready in $((SECONDS - t0)) s"
  npx --no-install tsx "$HERE/status.ts" || true
}

cmd_stop() {
  local t0=$SECONDS
  step "Stopping the cluster (the single-node engines keep running)"
  # Each engine stops independently; one failing to stop must not leave the others running.
  bash "$HERE/postgres.sh" stop || true
  bash "$HERE/redis.sh" stop || true
  bash "$HERE/elasticsearch.sh" stop & local es_pid=$!
  bash "$HERE/cassandra.sh" stop || true
  wait "$es_pid" || true
  if [[ "${1:-}" == --purge ]]; then
    rm -rf "$CLUSTER_DIR"
    info "deleted .data/cluster (the next cluster:start builds every member from scratch)"
  fi
  step "Cluster stopped in $((SECONDS - t0)) s"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop "${2:-}" ;;
  *) fail "usage: cluster.sh start|stop [--purge]" ;;
esac
