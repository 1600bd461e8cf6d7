#!/usr/bin/env bash
# The PostgreSQL side of `npm run cluster:start`: a hot standby streaming from the machine's primary
# (127.0.0.1:5432) through a replication slot, and PgBouncer (Debian) in transaction mode in front of the primary.
#
#   scripts/cluster/postgres.sh start            PgBouncer + standby (base backup on first start; reuse afterwards)
#   scripts/cluster/postgres.sh stop             stop both, then drop the slot (see below)
#   scripts/cluster/postgres.sh start-standby    start (or reuse) only the standby (fault drills; keeps the slot)
#   scripts/cluster/postgres.sh stop-standby     stop only the standby, keeping its slot so it catches up (drills)
#   scripts/cluster/postgres.sh status           one line each; exit 0 when the standby streams and PgBouncer answers
#
# The primary is shared and stays as it is: this script only adds `host replication all 127.0.0.1/32 trust` to its
# pg_hba.conf when missing and reloads it (never restarts it), and creates/drops its own physical slot.
# The slot name carries a hash of this clone's path, so two clones never share one. A slot pins WAL on the primary
# for as long as its standby is away, so `stop` drops it: a forgotten cluster must not fill the shared disk.
# The next `start` creates it again; if the primary has recycled the WAL the standby still needed, the standby is
# rebuilt by a fresh base backup (printed as such).
#
# Standby: 127.0.0.1:5433, data .data/cluster/postgres/standby (owned by postgres). PgBouncer: 127.0.0.1:6432,
# config .data/cluster/pgbouncer/pgbouncer.ini. Both run as the postgres user (neither runs as root).
# Env: CLUSTER_PG_STANDBY_PORT (5433), CLUSTER_PGBOUNCER_PORT (6432), CLUSTER_PG_START_TIMEOUT (s, default 180).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="$ROOT/.data/cluster"
PG_DIR="$CLUSTER_DIR/postgres"
STANDBY_DIR="$PG_DIR/standby"
SOCKET_DIR="$PG_DIR/run"
STANDBY_LOG="$CLUSTER_DIR/logs/postgres-standby.log"
BOUNCER_DIR="$CLUSTER_DIR/pgbouncer"
PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=5432
STANDBY_PORT="${CLUSTER_PG_STANDBY_PORT:-5433}"
BOUNCER_PORT="${CLUSTER_PGBOUNCER_PORT:-6432}"
START_TIMEOUT="${CLUSTER_PG_START_TIMEOUT:-180}"
SLOT="bluemarble_standby_$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
PG_BIN=""

log() { echo "[postgres-cluster] $*"; }
die() { echo "[postgres-cluster] ERROR: $*" >&2; exit 1; }
as_postgres() { runuser -u postgres -- "$@"; }
primary_sql() { psql -X -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atc "$1"; }
standby_sql() { psql -X -q -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d postgres -Atc "$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

find_pg_bin() {
  local major
  major="$(primary_sql 'show server_version_num' | cut -c1-2)" || die "the primary on $PRIMARY_HOST:$PRIMARY_PORT does not answer"
  PG_BIN="/usr/lib/postgresql/$major/bin"
  [[ -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/pg_basebackup" ]] || die "PostgreSQL $major server binaries not found in $PG_BIN"
}

# ---------------------------------------------------------------- primary: pg_hba.conf

ensure_replication_hba() {
  local hba
  hba="$(primary_sql 'show hba_file')"
  if grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    return 0
  fi
  log "adding 'host replication all 127.0.0.1/32 trust' to $hba and reloading the primary (no restart)"
  {
    echo ""
    echo "# Streaming replication to local hot standbys (BlueMarble scripts/cluster/postgres.sh)."
    echo "host    replication     all             127.0.0.1/32            trust"
  } >>"$hba"
  [[ "$(primary_sql 'select pg_reload_conf()')" == t ]] || die "pg_reload_conf() failed"
  # The reload is asynchronous; the new rule is in force once pg_hba_file_rules shows it without an error.
  local i
  for i in $(seq 1 20); do
    [[ "$(primary_sql "select count(*) from pg_hba_file_rules where 'replication' = any(database) and error is null")" != 0 ]] && return 0
    sleep 0.5
  done
  die "the primary did not pick up the replication rule in $hba"
}

# ---------------------------------------------------------------- standby

slot_exists() { [[ "$(primary_sql "select count(*) from pg_replication_slots where slot_name = '$SLOT'")" == 1 ]]; }
slot_active() { [[ "$(primary_sql "select active from pg_replication_slots where slot_name = '$SLOT'")" == t ]]; }
standby_pid() { head -1 "$STANDBY_DIR/postmaster.pid" 2>/dev/null || true; }
standby_running() {
  local pid
  pid="$(standby_pid)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == "$STANDBY_DIR" ]]
}
streaming() {
  [[ "$(primary_sql "select count(*) from pg_stat_replication where application_name = '$SLOT' and state = 'streaming'")" == 1 ]]
}

drop_slot() {
  if slot_exists; then
    slot_active && die "slot $SLOT is still in use; stop its standby first"
    primary_sql "select pg_drop_replication_slot('$SLOT')" >/dev/null
    log "dropped replication slot $SLOT (the primary no longer keeps WAL for this standby)"
  fi
}

write_standby_config() {
  # Debian keeps the primary's postgresql.conf in /etc, so the backup has none: the standby gets its own. Settings that
  # a hot standby must have at least as high as its primary are copied from the primary.
  local s
  s="$(primary_sql "select string_agg(name || ' = ' || setting, E'\n' order by name) from pg_settings where name in
       ('max_connections','max_worker_processes','max_wal_senders','max_prepared_transactions','max_locks_per_transaction')")"
  as_postgres tee "$STANDBY_DIR/postgresql.conf" >/dev/null <<EOF
# Written by scripts/cluster/postgres.sh; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $STANDBY_PORT
unix_socket_directories = '$SOCKET_DIR'
# walreceiver reports cluster_name as its application_name: pg_stat_replication on the primary finds us by it.
cluster_name = '$SLOT'
hot_standby = on
# Long portal reads on the standby are not cancelled by vacuum on the primary (autovacuum is off on this machine).
hot_standby_feedback = on
shared_buffers = 64MB
max_standby_streaming_delay = 30s
wal_receiver_status_interval = 1s
timezone = 'Etc/UTC'
log_timezone = 'Etc/UTC'
datestyle = 'iso, mdy'
lc_messages = 'C.UTF-8'
default_text_search_config = 'pg_catalog.english'
$s
EOF
  as_postgres tee "$STANDBY_DIR/pg_hba.conf" >/dev/null <<EOF
local   all           all                       trust
host    all           all       127.0.0.1/32    trust
host    replication   all       127.0.0.1/32    trust
EOF
}

base_backup() {
  drop_slot
  as_postgres rm -rf "$STANDBY_DIR"
  mkdir -p "$PG_DIR" "$CLUSTER_DIR/logs"
  install -d -o postgres -g postgres -m 0700 "$STANDBY_DIR"
  install -d -o postgres -g postgres -m 0755 "$SOCKET_DIR"
  local size t0=$SECONDS
  size="$(primary_sql 'select pg_size_pretty(sum(pg_database_size(datname))) from pg_database')"
  log "base backup of the primary ($size) into $STANDBY_DIR, new slot $SLOT (checkpoint fast; progress below)"
  # -R: standby.signal + primary_conninfo/primary_slot_name; -X stream: WAL during the copy; -C -S: create the slot.
  if ! as_postgres "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$STANDBY_DIR" \
         -R -X stream -C -S "$SLOT" -c fast -P 2>&1 \
       | tr '\r' '\n' | awk 'NR % 20 == 1 || /100%|rror|FATAL/ { print "    " $0; fflush() }'; then
    die "pg_basebackup failed"
  fi
  [[ -f "$STANDBY_DIR/standby.signal" ]] || die "pg_basebackup wrote no standby.signal"
  write_standby_config
  log "base backup done in $((SECONDS - t0)) s"
}

launch_standby() {
  [[ -f "$STANDBY_LOG" ]] && mv -f "$STANDBY_LOG" "$STANDBY_LOG.1"
  touch "$STANDBY_LOG" && chown postgres "$STANDBY_LOG"
  write_standby_config
  # -w: returns once the standby accepts read-only connections (consistent recovery state).
  # The backup carries the primary's postgresql.auto.conf (ALTER SYSTEM), which wins over postgresql.conf; the
  # primary's WAL archiving must never run here (after a promotion it would write into the primary's archive), and a
  # command-line setting wins over both files.
  as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DIR" -l "$STANDBY_LOG" -w -t "$START_TIMEOUT" -o "-c archive_mode=off" start >/dev/null \
    || { tail -n 30 "$STANDBY_LOG" >&2; die "the standby did not start (log: $STANDBY_LOG)"; }
}

wait_streaming() {
  local deadline=$((SECONDS + ${1:-60}))
  while ((SECONDS < deadline)); do
    streaming && return 0
    grep -q 'has already been removed' "$STANDBY_LOG" 2>/dev/null && return 2
    sleep 0.5
  done
  return 1
}

start_standby() {
  find_pg_bin
  ensure_replication_hba
  local t0=$SECONDS rc=0
  if standby_running; then
    log "reusing the standby on 127.0.0.1:$STANDBY_PORT (pid $(standby_pid))"
  elif port_open "$STANDBY_PORT"; then
    die "port $STANDBY_PORT is taken by something else ($(ss -ltnpH "sport = :$STANDBY_PORT" | sed -n 's/.*users:((\(.*\)))/\1/p'))"
  else
    if [[ ! -f "$STANDBY_DIR/standby.signal" ]]; then
      base_backup
    elif ! slot_exists; then
      # Stopped by `stop`, which released the slot: reserve WAL again from now on; the standby asks for what it
      # missed, which the primary still has unless a checkpoint recycled it meanwhile (then: rebuild below).
      primary_sql "select pg_create_physical_replication_slot('$SLOT', true)" >/dev/null
      log "created replication slot $SLOT again"
    fi
    log "starting the standby on 127.0.0.1:$STANDBY_PORT"
    launch_standby
  fi
  wait_streaming 60 || rc=$?
  if ((rc == 2)); then
    log "the primary no longer has the WAL this standby needs: rebuilding it from a fresh base backup"
    as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DIR" -m fast -w stop >/dev/null || true
    base_backup
    launch_standby
    wait_streaming 120 || rc=$?
    ((rc == 0)) || die "the rebuilt standby does not stream (log: $STANDBY_LOG)"
  elif ((rc != 0)); then
    tail -n 20 "$STANDBY_LOG" >&2
    die "the standby is up but not streaming from the primary after 60 s (log: $STANDBY_LOG)"
  fi
  log "standby streaming (slot $SLOT), ready in $((SECONDS - t0)) s"
}

stop_standby() {
  find_pg_bin
  if standby_running; then
    as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DIR" -m fast -w -t 60 stop >/dev/null
    log "stopped the standby"
  elif port_open "$STANDBY_PORT"; then
    log "something answers on $STANDBY_PORT but it is not this clone's standby; leaving it alone"
  else
    log "standby not running"
  fi
}

# ---------------------------------------------------------------- PgBouncer

bouncer_pid() { cat "$BOUNCER_DIR/pgbouncer.pid" 2>/dev/null || true; }
bouncer_running() {
  local pid
  pid="$(bouncer_pid)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q pgbouncer "/proc/$pid/cmdline" 2>/dev/null
}
bouncer_answers() { psql -X -h 127.0.0.1 -p "$BOUNCER_PORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }

ensure_pgbouncer_installed() {
  command -v pgbouncer >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || die "pgbouncer is missing: run 'sudo apt-get install -y pgbouncer' once"
  log "installing Debian's pgbouncer (apt-get)"
  # policy-rc.d on these machines keeps apt from starting the packaged service; ours runs from .data/cluster.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; } \
    || die "apt-get install pgbouncer failed"
}

write_bouncer_config() {
  install -d -o postgres -g postgres -m 0755 "$BOUNCER_DIR"
  as_postgres tee "$BOUNCER_DIR/pgbouncer.ini" >/dev/null <<EOF
; Written by scripts/cluster/postgres.sh; edit the script, not this file.
[databases]
; Every database of the primary, under its own name.
* = host=$PRIMARY_HOST port=$PRIMARY_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir = $BOUNCER_DIR
logfile = $BOUNCER_DIR/pgbouncer.log
pidfile = $BOUNCER_DIR/pgbouncer.pid
; Same trust as the primary's pg_hba on 127.0.0.1; the user must still be listed in auth_file.
auth_type = trust
auth_file = $BOUNCER_DIR/userlist.txt
admin_users = postgres
stats_users = postgres
; A server connection is lent to a client for one transaction only: no session state survives between
; transactions (SET, session advisory locks, LISTEN, protocol-level named prepared statements in PgBouncer 1.18).
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
; The primary (max_connections 100) is shared by the whole machine.
max_db_connections = 40
server_idle_timeout = 60
ignore_startup_parameters = extra_float_digits
EOF
  as_postgres tee "$BOUNCER_DIR/userlist.txt" >/dev/null <<<'"postgres" ""'
}

start_bouncer() {
  ensure_pgbouncer_installed
  if bouncer_running && bouncer_answers; then log "reusing PgBouncer on 127.0.0.1:$BOUNCER_PORT (pid $(bouncer_pid))"; return 0; fi
  port_open "$BOUNCER_PORT" && die "port $BOUNCER_PORT is taken by something that is not this clone's PgBouncer"
  write_bouncer_config
  as_postgres pgbouncer -q -d "$BOUNCER_DIR/pgbouncer.ini" || die "pgbouncer did not start (log: $BOUNCER_DIR/pgbouncer.log)"
  local i
  for i in $(seq 1 40); do
    bouncer_answers && { log "PgBouncer $(pgbouncer --version | head -1 | awk '{print $2}') on 127.0.0.1:$BOUNCER_PORT, transaction mode (pid $(bouncer_pid))"; return 0; }
    sleep 0.25
  done
  tail -n 20 "$BOUNCER_DIR/pgbouncer.log" >&2 || true
  die "PgBouncer does not answer on $BOUNCER_PORT"
}

stop_bouncer() {
  local pid
  if ! bouncer_running; then log "PgBouncer not running"; return 0; fi
  pid="$(bouncer_pid)"
  # SIGINT: safe shutdown (waits for transactions in flight); SIGTERM after 10 s.
  kill -INT "$pid"
  local i
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || { log "stopped PgBouncer"; return 0; }; sleep 0.25; done
  kill -TERM "$pid" 2>/dev/null || true
  log "stopped PgBouncer (SIGTERM after 10 s)"
}

# ---------------------------------------------------------------- status

cmd_status() {
  local rc=0
  if bouncer_answers; then log "PgBouncer 127.0.0.1:$BOUNCER_PORT up (pid $(bouncer_pid))"; else log "PgBouncer 127.0.0.1:$BOUNCER_PORT down"; rc=3; fi
  if standby_sql 'select 1' >/dev/null 2>&1; then
    local lag
    lag="$(primary_sql "select coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), -1) || ' bytes, ' ||
             coalesce(round(extract(epoch from replay_lag)::numeric, 3), 0) || ' s, ' || state
           from pg_stat_replication where application_name = '$SLOT'")"
    log "standby 127.0.0.1:$STANDBY_PORT up, in recovery $(standby_sql 'select pg_is_in_recovery()'), lag ${lag:-unknown: not connected to the primary}"
    [[ -n "$lag" ]] || rc=3
  else
    log "standby 127.0.0.1:$STANDBY_PORT down"; rc=3
  fi
  return "$rc"
}

case "${1:-}" in
  start) start_bouncer; start_standby ;;
  stop) stop_bouncer; stop_standby; drop_slot ;;
  start-standby) start_standby ;;
  stop-standby) stop_standby ;;
  start-pgbouncer) start_bouncer ;;
  stop-pgbouncer) stop_bouncer ;;
  status) cmd_status ;;
  slot) echo "$SLOT" ;;
  *) echo "usage: $0 {start|stop|status|start-standby|stop-standby|start-pgbouncer|stop-pgbouncer|slot}" >&2; exit 2 ;;
esac
