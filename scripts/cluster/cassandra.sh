#!/usr/bin/env bash
# The local 3-node Apache Cassandra 5.0 ring of `npm run cluster:start` (one data centre, datacenter1).
#
#   scripts/cluster/cassandra.sh start           start (or reuse) node 1, 2, 3 one at a time, each until it is UN
#   scripts/cluster/cassandra.sh stop            stop the nodes this script started (SIGTERM = drain, SIGKILL late)
#   scripts/cluster/cassandra.sh start-node N    start (or reuse) one node (fault drills)
#   scripts/cluster/cassandra.sh stop-node N     stop one node (fault drills)
#   scripts/cluster/cassandra.sh status          one line per node; exit 0 when all three answer CQL
#
# Node N listens on 127.0.0.(N+1): CQL 9042, storage 7000 (the single-node Cassandra keeps 127.0.0.1), JMX on
# 127.0.0.1:720N. Same jars as the single node (engines/cassandra/target/lib), config rendered from
# engines/cluster/cassandra.yaml.
# Env: CLUSTER_CASSANDRA_HEAP (default 640M per node), CLUSTER_CASSANDRA_START_TIMEOUT (s per node, default 600: a cold node took 200-250 s at load 30),
#      CLUSTER_CASSANDRA_STOP_TIMEOUT (s, default 60), CASSANDRA_JAVA_HOME.
# Files: .data/cluster/cassandra/nodeN/ (cassandra.yaml, data, commitlog, hints, saved_caches, cdc_raw),
#        .data/cluster/run/cassandra-nodeN.pid, .data/cluster/logs/cassandra-nodeN.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIB_DIR="$ROOT/engines/cassandra/target/lib"
CLUSTER_DIR="$ROOT/.data/cluster"
RUN_DIR="$CLUSTER_DIR/run"
LOG_DIR="$CLUSTER_DIR/logs"
HEAP="${CLUSTER_CASSANDRA_HEAP:-640M}"
START_TIMEOUT="${CLUSTER_CASSANDRA_START_TIMEOUT:-600}"
STOP_TIMEOUT="${CLUSTER_CASSANDRA_STOP_TIMEOUT:-60}"
CQL_PORT=9042
STORAGE_PORT=7000
NODES=(1 2 3)

ENGINE_NAME=cassandra-cluster
PROCESS_MARKER=CassandraDaemon
HOST=127.0.0.2
PID_FILE=/dev/null
LOG_FILE=/dev/null
# shellcheck source=scripts/engines/lib.sh
source "$ROOT/scripts/engines/lib.sh"

# Points lib.sh's globals (HOST, PID_FILE, LOG_FILE, PROCESS_MARKER, ENGINE_NAME) at node N.
select_node() {
  NODE="$1"
  [[ "$NODE" =~ ^[123]$ ]] || die "node must be 1, 2 or 3 (got '$NODE')"
  HOST="127.0.0.$((NODE + 1))"
  NODE_DIR="$CLUSTER_DIR/cassandra/node$NODE"
  PID_FILE="$RUN_DIR/cassandra-node$NODE.pid"
  LOG_FILE="$LOG_DIR/cassandra-node$NODE.log"
  JMX_PORT="720$NODE"
  # The storage dir is unique to this node and this clone, so pid checks never mistake another Cassandra for ours.
  PROCESS_MARKER="cassandra.storagedir=$NODE_DIR"
  ENGINE_NAME="cassandra node$NODE $HOST"
}

cql_probe() {
  # cql-ping.mjs opens its control connection on this address, so an answer means this node's native transport is
  # open; the query itself may be served by another member (the status command pins each node instead).
  port_open "$CQL_PORT" && node "$ROOT/scripts/engines/cql-ping.mjs" "$HOST:$CQL_PORT" --timeout 5000 "$@"
}

ready_probe() {
  cql_probe --quiet && echo "CQL answers on $HOST:$CQL_PORT (native transport opens once the node is Normal)"
}

find_java() {
  local cand
  for cand in "${CASSANDRA_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk "${JAVA_HOME:-}"; do
    if [[ -n "$cand" && -x "$cand/bin/java" ]]; then echo "$cand/bin/java"; return; fi
  done
  command -v java || die "no java found (Cassandra 5.0 needs Java 11 or 17; set CASSANDRA_JAVA_HOME)"
}

# The single node's JVM options, minus what must differ per ring member: the JMX port, and the single-node
# shortcuts that forget the ring on restart (load_ring_state=false), skip waiting for peers (ring_delay_ms=0) or
# retry the default-role setup with no pause (superuser_setup_delay_ms=0): on a ring that setup waits for every node,
# and a node started first retried it in a busy loop (85,000 log lines a minute, one core) until the last one was up.
jvm_argv() {
  local line
  while IFS= read -r line; do
    # shellcheck disable=SC2206
    JVM_ARGV+=($line)
  done < <(grep -v '^\s*#' "$ROOT/engines/cassandra/jvm17-server.options" | grep -v '^\s*$' \
             | grep -v -E 'cassandra\.(jmx\.local\.port|load_ring_state|ring_delay_ms|superuser_setup_delay_ms)')
}

render_config() {
  mkdir -p "$NODE_DIR/triggers"
  sed "s/@ADDRESS@/$HOST/g" "$ROOT/engines/cluster/cassandra.yaml" >"$NODE_DIR/cassandra.yaml.new"
  mv -f "$NODE_DIR/cassandra.yaml.new" "$NODE_DIR/cassandra.yaml"
}

start_node() {
  select_node "$1"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  if port_open "$CQL_PORT"; then
    if cql_probe --quiet; then log "reusing the node answering CQL on $HOST:$CQL_PORT"; return 0; fi
    die "$HOST:$CQL_PORT is taken by something that does not answer CQL ($(port_owner "$CQL_PORT")); free it"
  fi
  if pid_alive; then
    log "pid $(cat "$PID_FILE") is already starting; waiting for it"
    wait_until_ready "CQL on $HOST:$CQL_PORT"
    return
  fi
  port_open "$STORAGE_PORT" && die "$HOST:$STORAGE_PORT (storage) is taken by: $(port_owner "$STORAGE_PORT")"
  (exec 3<>"/dev/tcp/127.0.0.1/$JMX_PORT") 2>/dev/null && die "127.0.0.1:$JMX_PORT (JMX) is taken by: $(port_owner "$JMX_PORT")"
  bash "$ROOT/scripts/engines/cassandra.sh" resolve
  render_config
  local java cold=""
  java="$(find_java)"
  JVM_ARGV=()
  jvm_argv
  [[ -d "$NODE_DIR/data/system" ]] || cold=" (cold: joins the ring for the first time)"
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  log "starting, heap $HEAP, JMX 127.0.0.1:$JMX_PORT$cold; log: $LOG_FILE"
  (
    cd "$NODE_DIR"
    exec setsid nohup "$java" \
      "-Xms$HEAP" "-Xmx$HEAP" \
      "${JVM_ARGV[@]}" \
      "-Dcassandra.jmx.local.port=$JMX_PORT" \
      "-Dcassandra.ring_delay_ms=3000" \
      "-Dcassandra.superuser_setup_delay_ms=10000" \
      "-javaagent:$LIB_DIR/jamm-0.4.0.jar" \
      "-Dcassandra.config=file://$NODE_DIR/cassandra.yaml" \
      "-Dcassandra.storagedir=$NODE_DIR" \
      "-Dcassandra.logdir=$LOG_DIR" \
      "-Dcassandra.triggers_dir=$NODE_DIR/triggers" \
      "-Dlogback.configurationFile=file://$ROOT/engines/cassandra/logback.xml" \
      -cp "$LIB_DIR/*" \
      org.apache.cassandra.service.CassandraDaemon \
      </dev/null >"$LOG_FILE" 2>&1
  ) &
  echo $! >"$PID_FILE"
  wait_until_ready "CQL on $HOST:$CQL_PORT"
}

stop_node() {
  select_node "$1"
  stop_engine "$CQL_PORT"
}

status_node() {
  select_node "$1"
  local state="not started by this script"
  pid_alive && state="pid $(cat "$PID_FILE"), rss $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$(cat "$PID_FILE")/status")"
  if cql_probe --quiet; then log "answering CQL ($state)"; return 0; fi
  log "not answering CQL ($state)"
  return 3
}

case "${1:-}" in
  start)
    t0=$SECONDS
    # One at a time: a node joins (and allocates its tokens) only once the previous one is Normal.
    for n in "${NODES[@]}"; do start_node "$n"; done
    ENGINE_NAME=cassandra-cluster log "ring ready in $((SECONDS - t0)) s"
    ;;
  stop)
    # Reverse order; each stop is a drain, so the ring stays consistent while it shrinks.
    for n in 3 2 1; do stop_node "$n"; done
    ;;
  start-node) start_node "${2:-}" ;;
  stop-node) stop_node "${2:-}" ;;
  status)
    rc=0
    for n in "${NODES[@]}"; do status_node "$n" || rc=3; done
    exit "$rc"
    ;;
  *) echo "usage: $0 {start|stop|status|start-node N|stop-node N}" >&2; exit 2 ;;
esac
