# Shared by scripts/engines/{cassandra,elasticsearch}.sh. Source it after setting
# ENGINE_NAME, PROCESS_MARKER (a string in the engine's java command line), HOST, PID_FILE and STOP_TIMEOUT.

log() { echo "[$ENGINE_NAME] $*"; }
die() { echo "[$ENGINE_NAME] ERROR: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Is the process in the pid file alive and really our engine (not a recycled pid)?
pid_alive() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$PROCESS_MARKER"
}

# Best-effort description of who listens on a port.
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -1
  fi
}

# Stops only the process this script started (SIGTERM, then SIGKILL after STOP_TIMEOUT); leaves any other listener alone.
stop_engine() {
  local port="$1" pid deadline
  if ! pid_alive; then
    rm -f "$PID_FILE"
    if port_open "$port"; then
      log "not started by this script (no live pid file), but something answers on $port: $(port_owner "$port"); leaving it alone"
    else
      log "not running"
    fi
    return 0
  fi
  pid="$(cat "$PID_FILE")"
  log "stopping pid $pid (SIGTERM, up to ${STOP_TIMEOUT}s for a clean shutdown)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

# Waits up to START_TIMEOUT seconds for the engine script's `ready_probe` (which prints a one-line description and
# succeeds once the engine answers). Gives up early, with the log tail, if our process died during start-up.
wait_until_ready() {
  local what="$1" deadline=$((SECONDS + START_TIMEOUT)) t0=$SECONDS next_note=$((SECONDS + 10)) detail
  log "waiting for $what (timeout ${START_TIMEOUT}s)"
  while ((SECONDS < deadline)); do
    if detail="$(ready_probe)"; then
      log "ready after $((SECONDS - t0)) s: $detail"
      return 0
    fi
    if [[ -f "$PID_FILE" ]] && ! pid_alive; then
      echo "[$ENGINE_NAME] ERROR: process $(cat "$PID_FILE") exited during startup; last log lines:" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if ((SECONDS >= next_note)); then
      log "  still starting ($((SECONDS - t0)) s): $(grep -E 'INFO|WARN|ERROR' "$LOG_FILE" 2>/dev/null | tail -n 1 | cut -c1-160)"
      next_note=$((SECONDS + 10))
    fi
    sleep 1
  done
  echo "[$ENGINE_NAME] ERROR: $what not ready within ${START_TIMEOUT}s; last log lines ($LOG_FILE):" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
  exit 1
}
