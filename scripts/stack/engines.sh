#!/usr/bin/env bash
# Starts (or reuses), stops or reports every engine the portal uses: PostgreSQL, Redis, Cassandra, Elasticsearch.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then info "PostgreSQL: reusing the server on 127.0.0.1:5432"; return; fi
  if port_open 5432; then fail "port 5432 is in use by something that is not PostgreSQL"; fi
  info "PostgreSQL: starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  fail "PostgreSQL did not answer on 127.0.0.1:5432 within 30 s"
}

start_redis() {
  if [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; then info "Redis: reusing the server on 127.0.0.1:6379"; return; fi
  if port_open 6379; then fail "port 6379 is in use by something that is not Redis"; fi
  info "Redis: starting"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 20); do [[ "$(redis-cli ping 2>/dev/null)" == "PONG" ]] && return; sleep 0.5; done
  fail "Redis did not answer on 127.0.0.1:6379"
}

cmd="${1:-start}"
case "$cmd" in
  start)
    step "Starting engines"
    start_postgres
    # WAL archiving, replication connections, pg_stat_statements (a no-op once done; restarts only a quiet server).
    bash "$REPO_ROOT/scripts/postgres/configure.sh" --restart auto || info "PostgreSQL: configuration left pending (see above)"
    start_redis
    # Cassandra and Elasticsearch are JVMs with slow start-ups: start both at once and wait for both.
    bash "$REPO_ROOT/scripts/engines/cassandra.sh" start & cassandra_pid=$!
    bash "$REPO_ROOT/scripts/engines/elasticsearch.sh" start & elasticsearch_pid=$!
    failed=0
    wait "$cassandra_pid" || failed=1
    wait "$elasticsearch_pid" || failed=1
    [[ $failed -eq 0 ]] || fail "an engine did not start (see the messages above and .data/logs/)"
    ;;
  stop)
    bash "$REPO_ROOT/scripts/engines/elasticsearch.sh" stop || true
    bash "$REPO_ROOT/scripts/engines/cassandra.sh" stop || true
    info "PostgreSQL and Redis belong to the machine and keep running."
    ;;
  status)
    pg_isready -h 127.0.0.1 -p 5432 || true
    printf 'redis: %s\n' "$(redis-cli ping 2>/dev/null || echo down)"
    bash "$REPO_ROOT/scripts/engines/cassandra.sh" status || true
    bash "$REPO_ROOT/scripts/engines/elasticsearch.sh" status || true
    ;;
  *) fail "usage: engines.sh start|stop|status" ;;
esac
