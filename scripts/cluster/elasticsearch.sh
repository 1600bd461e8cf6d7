#!/usr/bin/env bash
# The local 3-node Elasticsearch 9 cluster of `npm run cluster:start`, run by the repo's launcher
# (engines/elasticsearch, bluemarble.engines.EsLauncher), one JVM per node.
#
#   scripts/cluster/elasticsearch.sh start          start (or reuse) node 1, 2, 3, then wait for 3 nodes and green
#   scripts/cluster/elasticsearch.sh stop           stop the nodes this script started (SIGTERM = node.close())
#   scripts/cluster/elasticsearch.sh start-node N   start (or reuse) one node (fault drills)
#   scripts/cluster/elasticsearch.sh stop-node N    stop one node (fault drills)
#   scripts/cluster/elasticsearch.sh status         one line per node + cluster health; exit 0 when green with 3 nodes
#
# Node N: HTTP 127.0.0.1:920N, transport 127.0.0.1:930N (the single node keeps 9200/9300), cluster
# `bluemarble-cluster`, every node master-eligible and data. Settings: engines/elasticsearch/config (shared with the
# single node) overridden per node with -Des.setting.* (discovery.type multi-node, ports, seed hosts).
# cluster.initial_master_nodes is passed only until the cluster has formed once (marker file `bootstrapped`): after
# that, a node whose data was wiped must join the existing cluster, never bootstrap a second one.
# Env: CLUSTER_ES_HEAP (default 512m per node), CLUSTER_ES_START_TIMEOUT (s, default 600), CLUSTER_ES_STOP_TIMEOUT
#      (s, default 60), ES_JAVA_HOME.
# Files: .data/cluster/elasticsearch/nodeN/{config,data,logs,tmp}, .data/cluster/run/elasticsearch-nodeN.pid,
#        .data/cluster/logs/elasticsearch-nodeN.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE_DIR="$ROOT/engines/elasticsearch"
TARGET="$ENGINE_DIR/target"
CLUSTER_DIR="$ROOT/.data/cluster"
ES_CLUSTER_DIR="$CLUSTER_DIR/elasticsearch"
RUN_DIR="$CLUSTER_DIR/run"
LOG_DIR="$CLUSTER_DIR/logs"
HEAP="${CLUSTER_ES_HEAP:-512m}"
START_TIMEOUT="${CLUSTER_ES_START_TIMEOUT:-600}"
STOP_TIMEOUT="${CLUSTER_ES_STOP_TIMEOUT:-60}"
CLUSTER_NAME=bluemarble-cluster
NODES=(1 2 3)
SEED_HOSTS=127.0.0.1:9301,127.0.0.1:9302,127.0.0.1:9303
MASTER_NODES=bluemarble-es-c1,bluemarble-es-c2,bluemarble-es-c3
BOOTSTRAPPED="$ES_CLUSTER_DIR/bootstrapped"

ENGINE_NAME=elasticsearch-cluster
PROCESS_MARKER=EsLauncher
HOST=127.0.0.1
PID_FILE=/dev/null
LOG_FILE=/dev/null
# shellcheck source=scripts/engines/lib.sh
source "$ROOT/scripts/engines/lib.sh"

select_node() {
  NODE="$1"
  [[ "$NODE" =~ ^[123]$ ]] || die "node must be 1, 2 or 3 (got '$NODE')"
  HTTP_PORT="920$NODE"
  TRANSPORT_PORT="930$NODE"
  URL="http://$HOST:$HTTP_PORT"
  NODE_HOME="$ES_CLUSTER_DIR/node$NODE"
  PID_FILE="$RUN_DIR/elasticsearch-node$NODE.pid"
  LOG_FILE="$LOG_DIR/elasticsearch-node$NODE.log"
  PROCESS_MARKER="bluemarble.es.home=$NODE_HOME"
  ENGINE_NAME="elasticsearch node$NODE :$HTTP_PORT"
}

# Any answer from Elasticsearch (even "master not discovered yet") carries this header.
is_elasticsearch() {
  { curl -s -m 5 -o /dev/null -D - "$URL/" 2>/dev/null || true; } | grep -qi '^x-elastic-product: *Elasticsearch'
}

# A node is started once its HTTP port answers as Elasticsearch; electing a master needs two of the three, so the
# first node cannot wait for cluster health.
ready_probe() {
  port_open "$HTTP_PORT" && is_elasticsearch && echo "HTTP answers on $URL"
}

health_json() { curl -s -m 10 "http://$HOST:${1:-9201}/_cluster/health${2:-}" 2>/dev/null || true; }
json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p"; }

find_java_home() {
  local cand v
  for cand in "${ES_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$cand" && -x "$cand/bin/java" ]] || continue
    v="$("$cand/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$cand"; return; fi
  done
  die "Elasticsearch needs a JDK 21 or newer (set ES_JAVA_HOME)"
}

# start_node N [--no-wait]: with --no-wait the JVM is launched and the caller waits (wait_node) later.
start_node() {
  select_node "$1"
  local wait_now=1
  [[ "${2:-}" == --no-wait ]] && wait_now=0
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$NODE_HOME/tmp"
  if port_open "$HTTP_PORT"; then
    is_elasticsearch || die "port $HTTP_PORT is taken by something that is not Elasticsearch ($(port_owner "$HTTP_PORT"))"
    local name
    name="$(curl -s -m 5 "$URL/" | json_field cluster_name | head -1)"
    [[ "$name" == "$CLUSTER_NAME" ]] || die "$URL is Elasticsearch of cluster '$name', not $CLUSTER_NAME"
    log "reusing the node answering on $URL"
    return 0
  fi
  if pid_alive; then
    log "pid $(cat "$PID_FILE") is already starting"
    ((wait_now)) && wait_until_ready "$URL"
    return 0
  fi
  port_open "$TRANSPORT_PORT" && die "transport port $TRANSPORT_PORT is taken by: $(port_owner "$TRANSPORT_PORT")"
  bash "$ROOT/scripts/engines/elasticsearch.sh" build
  local jh
  jh="$(find_java_home)"
  local -a jvm_argv bootstrap=()
  mapfile -t jvm_argv < <(grep -v '^\s*#' "$ENGINE_DIR/jvm.options" | grep -v '^\s*$')
  [[ -f "$BOOTSTRAPPED" ]] || bootstrap=("-Des.setting.cluster.initial_master_nodes=$MASTER_NODES")
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  log "starting, heap $HEAP, transport $TRANSPORT_PORT${bootstrap:+ (first start: bootstraps the cluster)}; log: $LOG_FILE"
  (
    cd "$NODE_HOME"
    exec setsid nohup "$jh/bin/java" \
      "-Xms$HEAP" "-Xmx$HEAP" -XX:MaxDirectMemorySize=256m \
      "${jvm_argv[@]}" \
      "-XX:HeapDumpPath=$NODE_HOME/logs" \
      "-Djava.io.tmpdir=$NODE_HOME/tmp" \
      "-Dbluemarble.es.home=$NODE_HOME" \
      "-Dbluemarble.es.config=$ENGINE_DIR/config" \
      "-Des.setting.cluster.name=$CLUSTER_NAME" \
      "-Des.setting.node.name=bluemarble-es-c$NODE" \
      -Des.setting.discovery.type=multi-node \
      "-Des.setting.discovery.seed_hosts=$SEED_HOSTS" \
      "${bootstrap[@]}" \
      "-Des.setting.http.port=$HTTP_PORT" \
      "-Des.setting.transport.port=$TRANSPORT_PORT" \
      -cp "$TARGET/classes:$TARGET/lib/*" \
      bluemarble.engines.EsLauncher \
      </dev/null >"$LOG_FILE" 2>&1
  ) &
  echo $! >"$PID_FILE"
  ((wait_now)) && wait_until_ready "$URL"
  return 0
}

wait_node() {
  select_node "$1"
  port_open "$HTTP_PORT" && is_elasticsearch && return 0
  wait_until_ready "$URL"
}

stop_node() {
  select_node "$1"
  stop_engine "$HTTP_PORT"
}

# Waits until a node reports 3 nodes and green (with no index yet the cluster is green as soon as a master is elected).
wait_green() {
  local deadline=$((SECONDS + START_TIMEOUT)) t0=$SECONDS next_note=$((SECONDS + 10)) h n
  while ((SECONDS < deadline)); do
    for n in "${NODES[@]}"; do
      h="$(health_json "920$n" '?wait_for_nodes=3&wait_for_status=green&timeout=5s')"
      if [[ "$(json_field status <<<"$h")" == green && "$(json_field number_of_nodes <<<"$h")" == 3 ]]; then
        [[ -f "$BOOTSTRAPPED" ]] || { date -u +%FT%TZ >"$BOOTSTRAPPED"; echo "[elasticsearch-cluster] cluster formed; initial_master_nodes is not passed again"; }
        echo "[elasticsearch-cluster] green with 3 nodes after $((SECONDS - t0)) s"
        return 0
      fi
    done
    if ((SECONDS >= next_note)); then
      echo "[elasticsearch-cluster]   waiting for green with 3 nodes ($((SECONDS - t0)) s): ${h:-no answer}" | cut -c1-200
      next_note=$((SECONDS + 10))
    fi
    sleep 1
  done
  die "not green with 3 nodes within ${START_TIMEOUT}s: ${h:-no answer}"
}

status_node() {
  select_node "$1"
  local state="not started by this script"
  pid_alive && state="pid $(cat "$PID_FILE"), rss $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$(cat "$PID_FILE")/status")"
  if port_open "$HTTP_PORT" && is_elasticsearch; then log "up ($state)"; return 0; fi
  log "down ($state)"
  return 3
}

case "${1:-}" in
  start)
    t0=$SECONDS
    # All three at once: a node's start is CPU-bound JVM warm-up, and the first master needs two nodes anyway.
    bash "$ROOT/scripts/engines/elasticsearch.sh" build
    for n in "${NODES[@]}"; do start_node "$n" --no-wait; done
    for n in "${NODES[@]}"; do wait_node "$n"; done
    wait_green
    echo "[elasticsearch-cluster] ready in $((SECONDS - t0)) s"
    ;;
  stop) for n in 3 2 1; do stop_node "$n"; done ;;
  start-node) start_node "${2:-}" ;;
  stop-node) stop_node "${2:-}" ;;
  status)
    rc=0
    for n in "${NODES[@]}"; do status_node "$n" || rc=3; done
    h=""
    for n in "${NODES[@]}"; do h="$(health_json "920$n")"; [[ -n "$h" ]] && break; done
    echo "[elasticsearch-cluster] health: $(json_field status <<<"$h") nodes: $(json_field number_of_nodes <<<"$h")"
    [[ "$(json_field status <<<"$h")" == green ]] || rc=3
    exit "$rc"
    ;;
  *) echo "usage: $0 {start|stop|status|start-node N|stop-node N}" >&2; exit 2 ;;
esac
