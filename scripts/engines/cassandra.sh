#!/usr/bin/env bash
# Local Apache Cassandra 5.0 node for BlueMarble Portal (dev + CI), no Docker.
#
#   scripts/engines/cassandra.sh start    resolve jars if needed, start in background, wait for CQL
#   scripts/engines/cassandra.sh wait     wait until `SELECT release_version FROM system.local` answers
#   scripts/engines/cassandra.sh stop     SIGTERM (clean drain), SIGKILL after CASSANDRA_STOP_TIMEOUT
#   scripts/engines/cassandra.sh status   print state; exit 0 if answering CQL, 3 otherwise
#   scripts/engines/cassandra.sh resolve  only resolve the jars (Maven)
#
# Env: CASSANDRA_HEAP (default 1G), CASSANDRA_START_TIMEOUT (s, default 240),
#      CASSANDRA_STOP_TIMEOUT (s, default 60), CASSANDRA_JAVA_HOME (a Java 11/17 JDK),
#      MAVEN_ARGS_EXTRA (extra mvn flags).
# Files: .data/cassandra/ (data), .data/run/cassandra.pid, .data/logs/cassandra.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE_DIR="$ROOT/engines/cassandra"
LIB_DIR="$ENGINE_DIR/target/lib"
DATA_DIR="$ROOT/.data/cassandra"
RUN_DIR="$ROOT/.data/run"
LOG_DIR="$ROOT/.data/logs"
PID_FILE="$RUN_DIR/cassandra.pid"
LOG_FILE="$LOG_DIR/cassandra.log"
HOST=127.0.0.1
CQL_PORT=9042
STORAGE_PORT=7000
JMX_PORT=7199
HEAP="${CASSANDRA_HEAP:-1G}"
START_TIMEOUT="${CASSANDRA_START_TIMEOUT:-240}"
STOP_TIMEOUT="${CASSANDRA_STOP_TIMEOUT:-60}"
CASSANDRA_VERSION="$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' "$ENGINE_DIR/pom.xml")"

ENGINE_NAME=cassandra
PROCESS_MARKER=CassandraDaemon
# shellcheck source=scripts/engines/lib.sh
source "$ROOT/scripts/engines/lib.sh"


cql_ping() {
  # Real CQL query (cassandra-driver if installed, raw native protocol otherwise).
  node "$ROOT/scripts/engines/cql-ping.mjs" "$HOST:$CQL_PORT" --timeout "${1:-5000}" ${2:-}
}


find_java() {
  local cand
  for cand in "${CASSANDRA_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk "${JAVA_HOME:-}"; do
    if [[ -n "$cand" && -x "$cand/bin/java" ]]; then echo "$cand/bin/java"; return; fi
  done
  command -v java || die "no java found (Cassandra 5.0 needs Java 11 or 17; set CASSANDRA_JAVA_HOME)"
}

resolve_jars() {
  command -v mvn >/dev/null || die "mvn not found (needed to resolve cassandra-all from Maven Central)"
  if [[ -f "$LIB_DIR/cassandra-all-$CASSANDRA_VERSION.jar" && -f "$LIB_DIR/.resolved" && "$LIB_DIR/.resolved" -nt "$ENGINE_DIR/pom.xml" ]]; then
    return 0
  fi
  log "resolving cassandra-all $CASSANDRA_VERSION + dependencies into engines/cassandra/target/lib"
  rm -rf "$LIB_DIR"
  local t0=$SECONDS
  # Offline first (~/.m2 warm: a few seconds); online otherwise.
  if ! mvn -q -B -o -f "$ENGINE_DIR/pom.xml" ${MAVEN_ARGS_EXTRA:-} dependency:copy-dependencies >/dev/null 2>&1; then
    log "not all jars in ~/.m2: DOWNLOADING from Maven Central (~70 MB, first run only; may take minutes)"
    mvn -q -B -f "$ENGINE_DIR/pom.xml" ${MAVEN_ARGS_EXTRA:-} dependency:copy-dependencies \
      || die "Maven could not resolve cassandra-all $CASSANDRA_VERSION"
  fi
  [[ -f "$LIB_DIR/cassandra-all-$CASSANDRA_VERSION.jar" ]] || die "cassandra-all jar missing after resolve"
  touch "$LIB_DIR/.resolved"
  log "jars ready ($(ls "$LIB_DIR"/*.jar | wc -l) jars, $((SECONDS - t0)) s)"
}

jvm_opts() {
  grep -v '^\s*#' "$ENGINE_DIR/jvm17-server.options" | grep -v '^\s*$'
}

ready_probe() {
  port_open "$CQL_PORT" && cql_ping 5000 --quiet && cql_ping 5000 2>&1 | sed 's/^cql-ping: //'
}

wait_ready() {
  wait_until_ready "CQL on $HOST:$CQL_PORT"
}

cmd_start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR/triggers"
  if port_open "$CQL_PORT"; then
    if cql_ping 5000 --quiet; then
      log "reusing Cassandra already answering on $HOST:$CQL_PORT ($(cql_ping 5000 2>&1 | sed 's/^cql-ping: //'))"
      return 0
    fi
    die "port $CQL_PORT is taken by something that does not answer CQL ($(port_owner "$CQL_PORT")); stop it or free the port"
  fi
  if pid_alive; then
    log "Cassandra pid $(cat "$PID_FILE") is already starting; waiting for it"
    wait_ready
    return
  fi
  local p
  for p in "$STORAGE_PORT" "$JMX_PORT"; do
    port_open "$p" && die "port $p (needed by Cassandra) is taken by: $(port_owner "$p"); free it first"
  done
  resolve_jars
  local java
  java="$(find_java)"
  local jv
  jv="$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [[ "$jv" == 11 || "$jv" == 17 ]] || die "Cassandra 5.0 runs on Java 11 or 17, but $java is Java $jv (set CASSANDRA_JAVA_HOME)"

  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  local -a opts
  mapfile -t opts < <(jvm_opts)
  # Options file lines like "--add-exports a=b" are two argv words.
  local -a argv=()
  local o
  for o in "${opts[@]}"; do
    # shellcheck disable=SC2206
    argv+=($o)
  done
  local cold=""
  [[ -d "$DATA_DIR/data/system" ]] || cold=" (cold: empty data dir, first start creates system keyspaces)"
  log "starting Cassandra $CASSANDRA_VERSION on $HOST:$CQL_PORT with Java $jv, heap $HEAP$cold"
  log "log: $LOG_FILE"
  (
    cd "$ROOT/.data"
    exec setsid nohup "$java" \
      "-Xms$HEAP" "-Xmx$HEAP" \
      "${argv[@]}" \
      "-javaagent:$LIB_DIR/jamm-0.4.0.jar" \
      "-Dcassandra.config=file://$ENGINE_DIR/cassandra.yaml" \
      "-Dcassandra.storagedir=$DATA_DIR" \
      "-Dcassandra.logdir=$LOG_DIR" \
      "-Dcassandra.triggers_dir=$DATA_DIR/triggers" \
      "-Dlogback.configurationFile=file://$ENGINE_DIR/logback.xml" \
      -cp "$LIB_DIR/*" \
      org.apache.cassandra.service.CassandraDaemon \
      </dev/null >"$LOG_FILE" 2>&1
  ) &
  echo $! >"$PID_FILE"
  log "pid $(cat "$PID_FILE")"
  wait_ready
}

cmd_wait() {
  wait_ready
}

cmd_stop() {
  stop_engine "$CQL_PORT"
}

cmd_status() {
  local state="stopped"
  pid_alive && state="running (pid $(cat "$PID_FILE"), started by this script)"
  if port_open "$CQL_PORT" && cql_ping 5000 --quiet; then
    log "$state; answering CQL: $(cql_ping 5000 2>&1 | sed 's/^cql-ping: //')"
    if pid_alive; then
      log "rss: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' "/proc/$(cat "$PID_FILE")/status")"
    fi
    return 0
  fi
  log "$state; not answering CQL on $HOST:$CQL_PORT"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  wait) cmd_wait ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  resolve) resolve_jars ;;
  *) echo "usage: $0 {start|wait|stop|status|restart|resolve}" >&2; exit 2 ;;
esac
