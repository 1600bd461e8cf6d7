#!/usr/bin/env bash
# The local Redis 7 Cluster of `npm run cluster:start`: 3 masters + 3 replicas from Debian's redis-server.
#
#   scripts/cluster/redis.sh start          start (or reuse) the six instances; create the cluster on first start
#   scripts/cluster/redis.sh stop           SHUTDOWN the instances this script started (each writes its AOF first)
#   scripts/cluster/redis.sh start-node P   start (or reuse) the instance on port P (fault drills)
#   scripts/cluster/redis.sh stop-node P    stop the instance on port P (fault drills)
#   scripts/cluster/redis.sh status         cluster_state and one line per instance; exit 0 when the cluster is ok
#
# Instances listen on 127.0.0.1:7001-7006 (7000 is Cassandra's storage port on 127.0.0.1), cluster bus on
# 17001-17006. A cluster has only database 0. Each instance keeps an append-only file, so sessions and rate-limit
# counters survive cluster:stop/start; nodes.conf remembers slots and roles, so a restart rejoins the same cluster.
# Env: CLUSTER_REDIS_MAXMEMORY (default 256mb per instance), CLUSTER_REDIS_NODE_TIMEOUT (ms, default 5000: how
#      long a master may be silent before its replica is promoted).
# Files: .data/cluster/redis/PORT/{redis.conf,nodes.conf,appendonlydir,redis.pid}, .data/cluster/logs/redis-PORT.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="$ROOT/.data/cluster"
LOG_DIR="$CLUSTER_DIR/logs"
PORTS=(7001 7002 7003 7004 7005 7006)
HOST=127.0.0.1
MAXMEMORY="${CLUSTER_REDIS_MAXMEMORY:-256mb}"
NODE_TIMEOUT="${CLUSTER_REDIS_NODE_TIMEOUT:-5000}"

log() { echo "[redis-cluster] $*"; }
die() { echo "[redis-cluster] ERROR: $*" >&2; exit 1; }

cli() { redis-cli -h "$HOST" -p "$1" "${@:2}"; }
answers() { [[ "$(cli "$1" ping 2>/dev/null)" == PONG ]]; }
is_cluster_node() { cli "$1" info cluster 2>/dev/null | grep -q '^cluster_enabled:1'; }
cluster_state() { cli "$1" cluster info 2>/dev/null | sed -n 's/^cluster_state:\([a-z]*\).*/\1/p'; }
slots_assigned() { cli "$1" cluster info 2>/dev/null | sed -n 's/^cluster_slots_assigned:\([0-9]*\).*/\1/p'; }

write_config() {
  local port="$1" dir="$CLUSTER_DIR/redis/$1"
  mkdir -p "$dir" "$LOG_DIR"
  cat >"$dir/redis.conf" <<EOF
# Written by scripts/cluster/redis.sh on every start; edit the script, not this file.
bind $HOST
port $port
daemonize yes
pidfile $dir/redis.pid
logfile $LOG_DIR/redis-$port.log
dir $dir
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout $NODE_TIMEOUT
# Slots of a failed master answer errors until its replica takes over; the other two thirds keep serving.
cluster-require-full-coverage no
save ""
appendonly yes
appendfsync everysec
maxmemory $MAXMEMORY
# Sessions and rate-limit counters live here too: refuse writes at the limit rather than evict them.
maxmemory-policy noeviction
EOF
}

start_instance() {
  local port="$1" dir="$CLUSTER_DIR/redis/$1"
  if answers "$port"; then
    is_cluster_node "$port" || die "127.0.0.1:$port answers but is not a cluster-mode Redis; free the port"
    log "reusing 127.0.0.1:$port"
    return 0
  fi
  (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null && die "127.0.0.1:$port is taken by something that is not Redis"
  write_config "$port"
  redis-server "$dir/redis.conf"
  local i
  for i in $(seq 1 40); do answers "$port" && { log "started 127.0.0.1:$port (pid $(cat "$dir/redis.pid"))"; return 0; }; sleep 0.25; done
  tail -n 20 "$LOG_DIR/redis-$port.log" >&2 || true
  die "127.0.0.1:$port did not answer within 10 s"
}

# Stops only an instance whose pid file points at a live redis-server serving this clone's folder.
stop_instance() {
  local port="$1" dir="$CLUSTER_DIR/redis/$1" pid
  pid="$(cat "$dir/redis.pid" 2>/dev/null || true)"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null || ! grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null \
     || [[ "$(readlink "/proc/$pid/cwd")" != "$dir" ]]; then
    answers "$port" && log "127.0.0.1:$port was not started from this clone; leaving it alone" || log "127.0.0.1:$port not running"
    return 0
  fi
  # SHUTDOWN flushes the AOF; a replica's master keeps serving.
  cli "$port" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || { log "stopped 127.0.0.1:$port"; return 0; }; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  log "127.0.0.1:$port did not exit in 10 s: killed"
}

wait_cluster_ok() {
  local deadline=$((SECONDS + ${1:-60})) port
  while ((SECONDS < deadline)); do
    local ok=1
    for port in "${PORTS[@]}"; do [[ "$(cluster_state "$port")" == ok ]] || ok=0; done
    # Every master has a replica whose link is up (right after `--cluster create` the roles still spread by gossip).
    [[ "$(cli 7001 cluster nodes 2>/dev/null | awk '$3 ~ /slave/ && $3 !~ /fail/' | wc -l)" == 3 ]] || ok=0
    for port in "${PORTS[@]}"; do
      if [[ "$(cli "$port" role 2>/dev/null | head -1)" == slave ]]; then
        cli "$port" info replication | grep -q '^master_link_status:up' || ok=0
      fi
    done
    ((ok)) && return 0
    sleep 0.5
  done
  return 1
}

cmd_start() {
  local t0=$SECONDS port
  command -v redis-server >/dev/null || die "redis-server not found (Debian package redis-server)"
  for port in "${PORTS[@]}"; do start_instance "$port"; done
  if [[ "$(slots_assigned 7001)" == 0 ]]; then
    # A brand-new set of instances (no nodes.conf with slots yet): form the cluster. redis-cli puts each replica on
    # a different master; all six share one host here, which it warns about and accepts.
    log "creating the cluster (3 masters, 1 replica each)"
    local -a addrs=()
    for port in "${PORTS[@]}"; do addrs+=("$HOST:$port"); done
    redis-cli --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes >"$LOG_DIR/redis-cluster-create.log" 2>&1 \
      || { tail -n 30 "$LOG_DIR/redis-cluster-create.log" >&2; die "redis-cli --cluster create failed"; }
  fi
  wait_cluster_ok 60 || { cmd_status >&2 || true; die "cluster_state is not ok on every instance after 60 s"; }
  log "cluster ok: 16384 slots covered, every master has a live replica; ready in $((SECONDS - t0)) s"
}

cmd_stop() {
  local port replicas=() masters=()
  # Replicas first: a master that stops while its replica still runs would see that replica promote itself.
  for port in "${PORTS[@]}"; do
    if answers "$port" && [[ "$(cli "$port" role 2>/dev/null | head -1)" == slave ]]; then replicas+=("$port"); else masters+=("$port"); fi
  done
  for port in "${replicas[@]}" "${masters[@]}"; do stop_instance "$port"; done
}

# cluster_state as seen by the first instance that answers.
any_cluster_state() {
  local port
  for port in "${PORTS[@]}"; do answers "$port" && { cluster_state "$port"; return; }; done
  echo down
}

cmd_status() {
  local port rc=0
  for port in "${PORTS[@]}"; do
    if answers "$port"; then
      log "127.0.0.1:$port $(cli "$port" role | head -1), cluster_state $(cluster_state "$port")"
    else
      log "127.0.0.1:$port down"; rc=3
    fi
  done
  [[ "$(any_cluster_state)" == ok ]] || rc=3
  return "$rc"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  start-node) start_instance "${2:?port}" ;;
  stop-node) stop_instance "${2:?port}" ;;
  status) cmd_status ;;
  *) echo "usage: $0 {start|stop|status|start-node PORT|stop-node PORT}" >&2; exit 2 ;;
esac
