#!/usr/bin/env bash
# Local single-node Elasticsearch 9 for BlueMarble Portal (dev + CI), no Docker.
# The server jar + transport-netty4 come from Maven Central and run in-process via
# engines/elasticsearch (bluemarble.engines.EsLauncher).
#
#   scripts/engines/elasticsearch.sh start    build launcher/resolve jars if needed, start, wait
#   scripts/engines/elasticsearch.sh wait     wait until _cluster/health is yellow or green
#   scripts/engines/elasticsearch.sh stop     SIGTERM (node.close()), SIGKILL after ES_STOP_TIMEOUT
#   scripts/engines/elasticsearch.sh status   print state; exit 0 if healthy, 3 otherwise
#   scripts/engines/elasticsearch.sh build    only build the launcher (Maven)
#
# Env: ES_HEAP (default 1g), ES_START_TIMEOUT (s, default 180), ES_STOP_TIMEOUT (s, default 60),
#      ES_JAVA_HOME (a JDK >= 21; default /usr/lib/jvm/temurin-25-jdk-amd64), MAVEN_ARGS_EXTRA,
#      ES_PATH_REPO (path.repo, the folder for snapshot repositories; default .data/elasticsearch/snapshots).
# Files: .data/elasticsearch/ (home: config, data, logs), .data/run/elasticsearch.pid,
#        .data/logs/elasticsearch.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE_DIR="$ROOT/engines/elasticsearch"
TARGET="$ENGINE_DIR/target"
ES_HOME_DIR="$ROOT/.data/elasticsearch"
RUN_DIR="$ROOT/.data/run"
LOG_DIR="$ROOT/.data/logs"
PID_FILE="$RUN_DIR/elasticsearch.pid"
LOG_FILE="$LOG_DIR/elasticsearch.log"
HOST=127.0.0.1
HTTP_PORT=9200
HEAP="${ES_HEAP:-1g}"
START_TIMEOUT="${ES_START_TIMEOUT:-180}"
STOP_TIMEOUT="${ES_STOP_TIMEOUT:-60}"
ES_VERSION="$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$ENGINE_DIR/pom.xml")"
URL="http://$HOST:$HTTP_PORT"

ENGINE_NAME=elasticsearch
PROCESS_MARKER=EsLauncher
# shellcheck source=scripts/engines/lib.sh
source "$ROOT/scripts/engines/lib.sh"


health() {
  # Prints the cluster health status (green/yellow/red) or nothing.
  { curl -s -m 5 "$URL/_cluster/health" 2>/dev/null || true; } | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

is_elasticsearch() {
  # Any Elasticsearch answers with this header (checked by the official clients too).
  { curl -s -m 5 -o /dev/null -D - "$URL/_cluster/health" 2>/dev/null || true; } | grep -qi '^x-elastic-product: *Elasticsearch'
}


find_java_home() {
  local cand v
  for cand in "${ES_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$cand" && -x "$cand/bin/java" && -x "$cand/bin/javac" ]] || continue
    v="$("$cand/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$cand"; return; fi
  done
  die "Elasticsearch $ES_VERSION needs a JDK 21 or newer (set ES_JAVA_HOME)"
}

build_launcher() {
  command -v mvn >/dev/null || die "mvn not found (needed to resolve Elasticsearch from Maven Central)"
  local stamp="$TARGET/.built"
  if [[ -f "$stamp" && -f "$TARGET/lib/elasticsearch-$ES_VERSION.jar" ]] \
     && [[ -z "$(find "$ENGINE_DIR/pom.xml" "$ENGINE_DIR/src" -newer "$stamp" -print -quit)" ]]; then
    return 0
  fi
  local jh t0=$SECONDS
  jh="$(find_java_home)"
  log "building launcher + resolving Elasticsearch $ES_VERSION jars (JAVA_HOME=$jh)"
  rm -rf "$TARGET"
  # Offline first (~/.m2 warm); online otherwise.
  if ! JAVA_HOME="$jh" mvn -q -B -o -f "$ENGINE_DIR/pom.xml" ${MAVEN_ARGS_EXTRA:-} package >"$LOG_DIR/elasticsearch-build.log" 2>&1; then
    log "not all jars in ~/.m2: DOWNLOADING from Maven Central (~80 MB, first run only; may take minutes)"
    JAVA_HOME="$jh" mvn -q -B -f "$ENGINE_DIR/pom.xml" ${MAVEN_ARGS_EXTRA:-} package >"$LOG_DIR/elasticsearch-build.log" 2>&1 \
      || { tail -n 30 "$LOG_DIR/elasticsearch-build.log" >&2; die "Maven build of engines/elasticsearch failed (log: $LOG_DIR/elasticsearch-build.log)"; }
  fi
  touch "$stamp"
  log "launcher ready ($(ls "$TARGET"/lib/*.jar | wc -l) jars, $((SECONDS - t0)) s)"
}

ready_probe() {
  local st
  st="$(health)"
  [[ "$st" == green || "$st" == yellow ]] && echo "cluster health $st"
}

wait_ready() {
  wait_until_ready "$URL/_cluster/health yellow|green"
}

cmd_start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$ES_HOME_DIR"
  if port_open "$HTTP_PORT"; then
    if is_elasticsearch; then
      log "reusing Elasticsearch already answering on $URL ($(curl -s -m 5 "$URL/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/version \1/p' | head -1))"
      wait_ready
      return 0
    fi
    die "port $HTTP_PORT is taken by something that is not Elasticsearch ($(port_owner "$HTTP_PORT")); stop it or free the port"
  fi
  if pid_alive; then
    log "Elasticsearch pid $(cat "$PID_FILE") is already starting; waiting for it"
    wait_ready
    return
  fi
  build_launcher
  local jh
  jh="$(find_java_home)"
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  local cold=""
  [[ -d "$ES_HOME_DIR/data" ]] || cold=" (cold: empty data dir)"
  log "starting Elasticsearch $ES_VERSION on $URL with $("$jh/bin/java" -version 2>&1 | head -1 | sed 's/"//g'), heap $HEAP$cold"
  log "log: $LOG_FILE"
  mkdir -p "$ES_HOME_DIR/tmp"
  local -a jvm_argv
  mapfile -t jvm_argv < <(grep -v '^\s*#' "$ENGINE_DIR/jvm.options" | grep -v '^\s*$')
  (
    cd "$ROOT/.data"
    exec setsid nohup "$jh/bin/java" \
      "-Xms$HEAP" "-Xmx$HEAP" \
      "${jvm_argv[@]}" \
      "-XX:HeapDumpPath=$ES_HOME_DIR/logs" \
      "-Djava.io.tmpdir=$ES_HOME_DIR/tmp" \
      "-Dbluemarble.es.home=$ES_HOME_DIR" \
      "-Dbluemarble.es.config=$ENGINE_DIR/config" \
      ${ES_PATH_REPO:+"-Des.setting.path.repo=$ES_PATH_REPO"} \
      -cp "$TARGET/classes:$TARGET/lib/*" \
      bluemarble.engines.EsLauncher \
      </dev/null >"$LOG_FILE" 2>&1
  ) &
  echo $! >"$PID_FILE"
  log "pid $(cat "$PID_FILE")"
  wait_ready
}

cmd_stop() {
  stop_engine "$HTTP_PORT"
}

cmd_status() {
  local state="stopped" st
  pid_alive && state="running (pid $(cat "$PID_FILE"), started by this script)"
  st="$(health)"
  if [[ "$st" == green || "$st" == yellow ]]; then
    log "$state; $URL healthy: $st, version $(curl -s -m 5 "$URL/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' | head -1)"
    if pid_alive; then
      log "rss: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$(cat "$PID_FILE")/status")"
    fi
    return 0
  fi
  log "$state; $URL not healthy${st:+ (status $st)}"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  wait) wait_ready ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  build) mkdir -p "$LOG_DIR"; build_launcher ;;
  *) echo "usage: $0 {start|wait|stop|status|restart|build}" >&2; exit 2 ;;
esac
