#!/usr/bin/env bash
# Makes the machine's PostgreSQL ready for backups and replicas (idempotent; `npm run postgres:configure`):
#   - continuous WAL archiving: archive_mode = on, archive_command (zstd into WAL_ARCHIVE_DIR), archive_timeout;
#   - replication connections: `replication` lines in pg_hba.conf (pg_basebackup, pg_receivewal, streaming standbys);
#   - max_slot_wal_keep_size, so a replication slot whose reader stopped cannot fill the disk;
#   - shared_preload_libraries includes pg_stat_statements.
# Settings go through ALTER SYSTEM (postgresql.auto.conf), so postgresql.conf and conf.d stay as the machine shipped them.
#
#   scripts/postgres/configure.sh [--restart auto|now|never] [--check]
#
# archive_mode and shared_preload_libraries take effect only after a restart of the server:
#   auto   (default) restart when no other client has a transaction open; waits up to PG_RESTART_QUIET_WAIT s (60)
#          for such a moment, otherwise leaves the restart pending and exits 3;
#   now    restart at once (clients are disconnected; pools reconnect);
#   never  leave it pending and exit 3.
# --check only reports (exit 0 ready, 3 not ready). Every restart is logged to $WAL_ARCHIVE_ROOT/configure.log.
#
# Env: DATABASE_URL (host/port of the server; default 127.0.0.1:5432), WAL_ARCHIVE_DIR (default
#      /var/lib/postgresql/wal-archive/<version>-<cluster>), WAL_ARCHIVE_TIMEOUT (default 60s),
#      PG_MAX_SLOT_WAL_KEEP_SIZE (default 8GB), PG_RESTART_QUIET_WAIT (s, default 60).
# Why archive_command rather than pg_receivewal: docs/operations.md ("PostgreSQL server settings").
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

restart_mode=auto
check_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --restart) restart_mode="${2:-}"; shift 2 ;;
    --restart=*) restart_mode="${1#--restart=}"; shift ;;
    --check) check_only=1; shift ;;
    *) fail "usage: configure.sh [--restart auto|now|never] [--check]" ;;
  esac
done
[[ "$restart_mode" =~ ^(auto|now|never)$ ]] || fail "--restart must be auto, now or never"

say() { printf '[postgres] %s\n' "$*"; }

if [[ -f "$REPO_ROOT/.env" || -f "$REPO_ROOT/.env.example" ]]; then load_env; fi
url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
hostport="${url#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
PGHOST_="${hostport%%:*}"; PGPORT_="${hostport##*:}"; [[ "$PGPORT_" == "$hostport" ]] && PGPORT_=5432
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres "$@"; }
setting() { psql_ -c "SELECT setting FROM pg_settings WHERE name = '$1'"; }

pg_isready -q -h "$PGHOST_" -p "$PGPORT_" || fail "PostgreSQL does not answer on $PGHOST_:$PGPORT_ (npm run engines:start)"

version="$(psql_ -c "SELECT current_setting('server_version_num')::int / 10000")"
data_dir="$(setting data_directory)"
hba_file="$(setting hba_file)"
cluster_name="$(setting cluster_name)"
[[ -d "$data_dir" ]] || fail "the server's data directory $data_dir is not on this machine: configure that server on its own host"
cluster="${cluster_name#*/}"; [[ -n "$cluster_name" && "$cluster_name" == */* ]] || cluster="$(basename "$data_dir")"
owner="$(stat -c %U "$data_dir")"

WAL_ARCHIVE_ROOT="${WAL_ARCHIVE_ROOT:-/var/lib/postgresql/wal-archive}"
archive_dir="${WAL_ARCHIVE_DIR:-$WAL_ARCHIVE_ROOT/$version-$cluster}"
archive_timeout="${WAL_ARCHIVE_TIMEOUT:-60s}"
slot_keep="${PG_MAX_SLOT_WAL_KEEP_SIZE:-8GB}"

# The archive keeps nothing until the first `npm run backup` creates ENABLED (WAL without a base backup restores nothing,
# and on a busy machine it would only fill the disk). Each segment is compressed to a temporary name, flushed to disk and
# renamed, so a crash never leaves a half-written segment under its final name; a retry after a crash overwrites it.
# The server runs archive_command without a PATH: every tool by its absolute path.
zstd_bin="$(command -v zstd)" || fail "zstd is missing (apt-get install zstd)"
sync_bin="$(command -v sync)"; mv_bin="$(command -v mv)"
archive_command="test ! -e $archive_dir/ENABLED || ($zstd_bin -q -1 -f -c %p > $archive_dir/%f.zst.part \
&& $sync_bin $archive_dir/%f.zst.part && $mv_bin -f $archive_dir/%f.zst.part $archive_dir/%f.zst && $sync_bin $archive_dir)"

# Desired value per setting. wal_level stays 'logical' if someone raised it; the replication limits are only raised.
spl_current="$(psql_ -c "SELECT COALESCE((SELECT setting FROM pg_file_settings WHERE name = 'shared_preload_libraries' AND error IS NULL ORDER BY seqno DESC LIMIT 1), current_setting('shared_preload_libraries'))")"
spl_desired="$(printf '%s' "$spl_current" | tr -d "' " | tr ',' '\n' | { grep -v '^$' || true; echo pg_stat_statements; } | awk '!seen[$0]++' | paste -sd, -)"
wal_level_desired=replica; [[ "$(setting wal_level)" == logical ]] && wal_level_desired=logical
senders="$(setting max_wal_senders)"; (( senders < 10 )) && senders=10
slots="$(setting max_replication_slots)"; (( slots < 10 )) && slots=10

declare -A desired=(
  [wal_level]="$wal_level_desired"
  [archive_mode]=on
  [archive_command]="$archive_command"
  [archive_timeout]="$archive_timeout"
  [max_wal_senders]="$senders"
  [max_replication_slots]="$slots"
  [max_slot_wal_keep_size]="$slot_keep"
  [shared_preload_libraries]="$spl_desired"
)

# The value the configuration files hold now (what the server gets at its next reload or restart).
file_value() {
  psql_ -c "SELECT COALESCE((SELECT setting FROM pg_file_settings WHERE name = '$1' AND error IS NULL ORDER BY seqno DESC LIMIT 1), current_setting('$1'))"
}
# Settings with units come back normalised (current_setting says 1min for 60s): compare them in one base unit.
to_base() {
  local v="${1// /}"
  case "$v" in
    *ms) echo $(( ${v%ms} / 1000 )) ;; *min) echo $(( ${v%min} * 60 )) ;; *h) echo $(( ${v%h} * 3600 )) ;; *s) echo "${v%s}" ;;
    *kB) echo $(( ${v%kB} / 1024 )) ;; *MB) echo "${v%MB}" ;; *GB) echo $(( ${v%GB} * 1024 )) ;; *TB) echo $(( ${v%TB} * 1048576 )) ;;
    *) echo "$v" ;;
  esac
}

changes=0
report_state() {
  local name have
  for name in wal_level archive_mode archive_command archive_timeout max_wal_senders max_replication_slots max_slot_wal_keep_size shared_preload_libraries; do
    have="$(file_value "$name")"
    if [[ "$have" == "${desired[$name]}" ]] || [[ "$(to_base "$have")" == "$(to_base "${desired[$name]}")" && "$name" =~ timeout|size ]]; then
      continue
    fi
    if (( check_only )); then
      say "not ready: $name is '$have' (want '${desired[$name]}')"
      changes=$((changes + 1))
      continue
    fi
    say "ALTER SYSTEM SET $name = '${desired[$name]}' (was '$have')"
    psql_ -c "ALTER SYSTEM SET $name = \$bm\$${desired[$name]}\$bm\$"
    changes=$((changes + 1))
  done
}

ensure_archive_dir() {
  if [[ -d "$archive_dir" && "$(stat -c %U "$archive_dir")" == "$owner" ]]; then return; fi
  if (( check_only )); then say "not ready: WAL archive folder $archive_dir is missing"; changes=$((changes + 1)); return; fi
  say "creating the WAL archive folder $archive_dir (owner $owner)"
  mkdir -p "$archive_dir"
  chown "$owner:" "$WAL_ARCHIVE_ROOT" "$archive_dir"
  chmod 0750 "$archive_dir"
}

# pg_hba.conf: replication connections match only lines whose database is `replication` (`all` does not cover them).
ensure_hba() {
  local added=0 line
  for line in "local replication all trust" "host replication all 127.0.0.1/32 trust"; do
    # Compare field by field, so spacing and tabs do not matter.
    if awk -v want="$line" 'BEGIN { n = split(want, w, " ") } !/^[[:space:]]*#/ { if (NF == n) { ok = 1; for (i = 1; i <= n; i++) if ($i != w[i]) ok = 0; if (ok) found = 1 } } END { exit found ? 0 : 1 }' "$hba_file"; then
      continue
    fi
    if (( check_only )); then say "not ready: pg_hba.conf has no '$line'"; changes=$((changes + 1)); continue; fi
    say "pg_hba.conf: adding '$line'"
    if (( added == 0 )); then printf '\n# Replication connections (base backups, WAL streaming, standbys): scripts/postgres/configure.sh\n' >>"$hba_file"; fi
    printf '%s\n' "$line" >>"$hba_file"
    added=1
  done
  if (( added )); then
    changes=$((changes + 1))
  fi
}

ensure_archive_dir
ensure_hba
report_state

if (( check_only )); then
  pending="$(psql_ -c "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart")"
  [[ -n "$pending" ]] && { say "not ready: waiting for a restart: $pending"; changes=$((changes + 1)); }
  [[ "$(setting archive_mode)" == on ]] || { say "not ready: archive_mode is off in the running server"; changes=$((changes + 1)); }
  if (( changes == 0 )); then say "ready: archiving to $archive_dir, replication allowed, pg_stat_statements loaded"; exit 0; fi
  exit 3
fi

psql_ -c "SELECT pg_reload_conf()" >/dev/null
hba_errors="$(psql_ -c "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")"
[[ "$hba_errors" == 0 ]] || fail "pg_hba.conf has errors after the change: SELECT * FROM pg_hba_file_rules WHERE error IS NOT NULL"

pending="$(psql_ -c "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart")"
if [[ -z "$pending" ]]; then
  (( changes )) && say "applied (reloaded, no restart needed)" || say "already configured: archiving to $archive_dir (timeout $(setting archive_timeout)s), replication allowed, pg_stat_statements loaded"
  exit 0
fi

others_busy() {
  psql_ -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
}

say "a restart of PostgreSQL $version/$cluster is needed for: $pending"
case "$restart_mode" in
  never)
    say "left pending (--restart never). Restart later with: scripts/postgres/configure.sh --restart now"
    exit 3 ;;
  auto)
    deadline=$((SECONDS + ${PG_RESTART_QUIET_WAIT:-60}))
    while [[ "$(others_busy)" != 0 ]]; do
      if (( SECONDS >= deadline )); then
        say "other clients kept transactions open for ${PG_RESTART_QUIET_WAIT:-60} s; restart left pending:"
        psql_ -F ' | ' -c "SELECT pid, datname, state, now() - xact_start FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND xact_start IS NOT NULL" | sed 's/^/[postgres]   /'
        say "restart when convenient with: scripts/postgres/configure.sh --restart now"
        exit 3
      fi
      say "waiting for a moment without open transactions ($(others_busy) open)"
      sleep 2
    done ;;
esac

mkdir -p "$WAL_ARCHIVE_ROOT"
connected="$(psql_ -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "restarting PostgreSQL $version/$cluster at $started_at ($connected client connections will be closed)"
t0=$(date +%s%N)
if command -v pg_ctlcluster >/dev/null && [[ -d "/etc/postgresql/$version/$cluster" ]]; then
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" restart -m fast
else
  runuser -u "$owner" -- "$(pg_config --bindir)/pg_ctl" -D "$data_dir" -m fast -w restart
fi
for _ in $(seq 1 60); do pg_isready -q -h "$PGHOST_" -p "$PGPORT_" && break; sleep 0.5; done
pg_isready -q -h "$PGHOST_" -p "$PGPORT_" || fail "PostgreSQL did not come back after the restart (see /var/log/postgresql/)"
elapsed_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
printf '%s restart of %s/%s by scripts/postgres/configure.sh (%s ms, %s clients disconnected) for: %s\n' \
  "$started_at" "$version" "$cluster" "$elapsed_ms" "$connected" "$pending" >>"$WAL_ARCHIVE_ROOT/configure.log"
still="$(psql_ -c "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart")"
[[ -z "$still" ]] || fail "still pending after the restart: $still"
say "restarted in $elapsed_ms ms: archive_mode $(setting archive_mode), shared_preload_libraries '$(setting shared_preload_libraries)'"
