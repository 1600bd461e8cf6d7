/**
 * Point-in-time restore of PostgreSQL into a new instance on its own port and data folder: the newest base backup
 * that finished before the target, its WAL, then the archived WAL replayed up to `recovery_target_time`, and a
 * promotion. The primary is neither needed nor touched (this is what runs when it is gone).
 *
 * The restored instance never archives (archive settings from the backup's postgresql.auto.conf are removed and
 * `archive_mode = off` is forced on the command line): its new timeline must not mix with the primary's archive.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import type { OpsConfig } from "./config";
import { exists, sha256File } from "./files";
import { formatBytes, formatSeconds, run, runAs, throttle, waitFor, type Log } from "./exec";
import { listBackups, type BackupListing, type PostgresPart } from "./manifest";

export interface RestoredInstance {
  port: number;
  dataDir: string;
  backupId: string;
  target: string;
  /** From the start of the restore until the promoted instance accepted a write connection. */
  durationMs: number;
  phases: { verifyMs: number; extractMs: number; recoveryMs: number };
  replayedUntil: string | null;
  url: string;
}

/**
 * A target time as PostgreSQL reads it. Times without a zone are UTC. A string with microseconds is passed on as it is,
 * so a drill that noted the server's clock_timestamp() restores exactly to it.
 */
export function parseTarget(value: string): { text: string; ms: number } {
  const trimmed = value.trim();
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(trimmed);
  const iso = trimmed.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00");
  const ms = Date.parse(zoned ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) throw new Error(`Not a time: "${value}" (use e.g. "2026-12-02 16:05:00+00" or an ISO time)`);
  return { text: zoned ? trimmed : `${trimmed.replace("T", " ")}+00`, ms };
}

export async function chooseBaseBackup(backupDir: string, targetMs: number, id?: string): Promise<BackupListing & { postgres: PostgresPart }> {
  const backups = (await listBackups(backupDir)).filter((b) => b.manifest?.status === "complete" && b.manifest.postgres);
  if (id) {
    const chosen = backups.find((b) => b.id === id);
    if (!chosen) throw new Error(`No complete backup ${id} with PostgreSQL in ${backupDir}`);
    if (Date.parse(chosen.manifest!.postgres!.finishedAt) > targetMs) throw new Error(`Backup ${id} finished at ${chosen.manifest!.postgres!.finishedAt}, after the target`);
    return { ...chosen, postgres: chosen.manifest!.postgres! };
  }
  const chosen = backups.find((b) => Date.parse(b.manifest!.postgres!.finishedAt) <= targetMs);
  if (!chosen) {
    const oldest = backups.at(-1)?.manifest?.postgres?.finishedAt;
    throw new Error(
      oldest
        ? `No base backup finished before the target; the oldest in ${backupDir} finished at ${oldest}`
        : `No complete backup with PostgreSQL in ${backupDir} (npm run backup)`,
    );
  }
  return { ...chosen, postgres: chosen.manifest!.postgres! };
}

async function portAnswers(port: number): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ECONNREFUSED";
  }
}

function controlValue(controldata: string, name: string): string | null {
  return new RegExp(`^${name} setting:\\s+(\\S+)`, "m").exec(controldata)?.[1] ?? null;
}

export function instanceDir(config: OpsConfig, port: number): string {
  return join(config.restoreRoot, String(port));
}

/** The restored instance stopped by itself (its log says why). */
class FatalRestoreError extends Error {}

export async function restorePostgres(options: {
  config: OpsConfig;
  target: string;
  port: number;
  backupId?: string;
  owner?: string;
  log: Log;
}): Promise<RestoredInstance> {
  const { config, log, port } = options;
  const started = performance.now();
  const target = parseTarget(options.target);
  if (target.ms > Date.now() + 1_000) throw new Error(`The target ${target.text} is in the future`);
  const backup = await chooseBaseBackup(config.backupDir, target.ms, options.backupId);
  const part = backup.postgres;
  const archiveDir = part.walArchive.dir;
  if (!(await exists(archiveDir))) throw new Error(`The WAL archive ${archiveDir} of backup ${backup.id} is not on this machine`);
  const dataDir = instanceDir(config, port);
  if (await exists(dataDir)) throw new Error(`${dataDir} exists: a restored instance already uses port ${port} (npm run restore -- --stop --port ${port})`);
  if (await portAnswers(port)) throw new Error(`Port ${port} is already taken`);
  const owner = options.owner ?? "postgres";
  const binDir = `/usr/lib/postgresql/${part.server.version.split(".")[0]}/bin`;
  log(`restoring backup ${backup.id} (base backup finished ${part.finishedAt}) to ${target.text} on port ${port}`);

  // 1. The base backup's files are the ones the backup wrote.
  const t0 = performance.now();
  const files = backup.manifest!.files.filter((f) => f.path.startsWith(`${part.folder}/`));
  const progress = throttle(5_000, log);
  let verified = 0;
  for (const file of files) {
    const sha = await sha256File(join(backup.folder, file.path), (n) => {
      verified += n;
      progress(`verifying checksums: ${formatBytes(verified)}`);
    });
    if (sha !== file.sha256) throw new Error(`${file.path} does not match its checksum in the manifest: the backup is damaged`);
  }
  const verifyMs = performance.now() - t0;

  // 2. Data folder from the tar files, owned by the cluster's user.
  const t1 = performance.now();
  await mkdir(config.restoreRoot, { recursive: true });
  await run("chown", [`${owner}:`, config.restoreRoot]);
  await mkdir(dataDir, { mode: 0o700 });
  const source = join(backup.folder, part.folder);
  log(`extracting into ${dataDir}`);
  await run("tar", ["--zstd", "-xf", join(source, "base.tar.zst"), "-C", dataDir]);
  const walTar = (await readdir(source)).find((name) => name.startsWith("pg_wal.tar"));
  if (walTar) await run("tar", [...(walTar.endsWith(".zst") ? ["--zstd"] : []), "-xf", join(source, walTar), "-C", join(dataDir, "pg_wal")]);
  await run("chown", ["-R", `${owner}:`, dataDir]);
  await run("chmod", ["0700", dataDir]);
  const extractMs = performance.now() - t1;

  // 3. Configuration of its own: this port, no archiving, the archive as restore source, the target, then promote.
  const controldata = (await run(join(binDir, "pg_controldata"), [dataDir])).stdout;
  const atLeast = (name: string, fallback: string) => controlValue(controldata, name) ?? fallback;
  const autoConf = join(dataDir, "postgresql.auto.conf");
  if (await exists(autoConf)) {
    const kept = (await readFile(autoConf, "utf8")).split("\n").filter((line) => !/^\s*archive_(mode|command|timeout)\s*=/.test(line));
    await writeFile(autoConf, `${kept.join("\n").trimEnd()}\n`);
  }
  const restoreCommand = `test -f ${archiveDir}/%f.zst && /usr/bin/zstd -q -d -f -c ${archiveDir}/%f.zst > %p`;
  await writeFile(
    join(dataDir, "postgresql.conf"),
    [
      `# Restored by npm run restore: backup ${backup.id} replayed to ${target.text}. Stop with npm run restore -- --stop --port ${port}`,
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${config.restoreRoot}'`,
      `cluster_name = 'restore-${port}'`,
      // Recovery refuses to start with smaller limits than the primary had (they are recorded in pg_control).
      `max_connections = ${atLeast("max_connections", "100")}`,
      `max_worker_processes = ${atLeast("max_worker_processes", "8")}`,
      `max_wal_senders = ${atLeast("max_wal_senders", "10")}`,
      `max_prepared_transactions = ${atLeast("max_prepared_xacts", "0")}`,
      `max_locks_per_transaction = ${atLeast("max_locks_per_xact", "64")}`,
      "shared_buffers = 128MB",
      "archive_mode = off",
      "hot_standby = on",
      `restore_command = '${restoreCommand}'`,
      `recovery_target_time = '${target.text}'`,
      "recovery_target_action = 'promote'",
      "",
    ].join("\n"),
  );
  await writeFile(join(dataDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n");
  await writeFile(join(dataDir, "pg_ident.conf"), "");
  await writeFile(join(dataDir, "recovery.signal"), "");
  await run("chown", ["-R", `${owner}:`, dataDir]);

  // 4. Start, follow the replay, wait for the promotion.
  const t2 = performance.now();
  const logFile = join(dataDir, "restore.log");
  // -w returns once the instance is consistent (it then accepts read-only connections) or has died trying.
  const startResult = await runAs(owner, join(binDir, "pg_ctl"), ["-D", dataDir, "-l", logFile, "-o", "-c archive_mode=off", "-w", "-t", "7200", "start"], { check: false });
  if (startResult.code !== 0) {
    const tail = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-12).join("\n");
    throw new Error(`The restored instance did not start:\n${tail}`);
  }
  const replay = throttle(5_000, log);
  let replayedUntil: string | null = null;
  await waitFor(
    `the restored instance on port ${port} to finish recovery`,
    async () => {
      if (!(await exists(join(dataDir, "postmaster.pid")))) {
        const tail = (await readFile(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-12).join("\n");
        throw new FatalRestoreError(`The restored instance stopped during recovery:\n${tail}`);
      }
      const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
      } catch {
        replay("recovery: not yet consistent");
        return undefined;
      }
      try {
        const { rows } = await client.query<{ recovering: boolean; lsn: string | null; at: string | null }>(
          "SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS lsn, pg_last_xact_replay_timestamp()::text AS at",
        );
        const row = rows[0]!;
        if (row.at) replayedUntil = row.at;
        if (row.recovering) {
          replay(`recovery: replayed up to ${row.lsn ?? "?"}${row.at ? ` (last transaction ${row.at})` : ""}`);
          return undefined;
        }
        // Promoted: a write must succeed (a read-only instance would not do for a restore).
        await client.query("CREATE TEMP TABLE restore_probe (x int)");
        return true;
      } catch (error) {
        // 25006 read-only transaction, 57P03 not accepting connections: the promotion is under way.
        if (["25006", "57P03"].includes((error as { code?: string }).code ?? "")) return undefined;
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 4 * 3600_000, intervalMs: 250 },
  ).catch(async (error: unknown) => {
    // A timeout leaves a live instance behind: stop it (the data folder stays for a look at restore.log).
    if (!(error instanceof FatalRestoreError)) await runAs(owner, join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "fast", "stop"], { check: false });
    throw error;
  });
  const recoveryMs = performance.now() - t2;
  const durationMs = Math.round(performance.now() - started);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const result: RestoredInstance = {
    port,
    dataDir,
    backupId: backup.id,
    target: target.text,
    durationMs,
    phases: { verifyMs: Math.round(verifyMs), extractMs: Math.round(extractMs), recoveryMs: Math.round(recoveryMs) },
    replayedUntil,
    url,
  };
  await writeFile(join(dataDir, "bluemarble-restore.json"), `${JSON.stringify({ ...result, restoredAt: new Date().toISOString() }, null, 2)}\n`);
  log(
    `restored in ${formatSeconds(durationMs)} (checksums ${formatSeconds(verifyMs)}, extract ${formatSeconds(extractMs)}, WAL replay + promotion ${formatSeconds(recoveryMs)}); ` +
      `last replayed transaction ${replayedUntil ?? "none after the base backup"}. psql -h 127.0.0.1 -p ${port} -U postgres <database>`,
  );
  return result;
}

/** Stops a restored instance and deletes its data folder. */
export async function stopRestored(config: OpsConfig, port: number, log: Log, owner = "postgres"): Promise<void> {
  const dataDir = instanceDir(config, port);
  if (!(await exists(join(dataDir, "bluemarble-restore.json"))) && !(await exists(join(dataDir, "recovery.signal"))) && !(await exists(join(dataDir, "postgresql.conf")))) {
    throw new Error(`${dataDir} is not a restored instance`);
  }
  const info = JSON.parse(await readFile(join(dataDir, "bluemarble-restore.json"), "utf8").catch(() => "{}")) as { backupId?: string };
  const version = (await readFile(join(dataDir, "PG_VERSION"), "utf8")).trim();
  if (await exists(join(dataDir, "postmaster.pid"))) {
    await runAs(owner, `/usr/lib/postgresql/${version}/bin/pg_ctl`, ["-D", dataDir, "-m", "fast", "-w", "stop"], { check: false });
  }
  await rm(dataDir, { recursive: true, force: true });
  log(`stopped the instance on port ${port}${info.backupId ? ` (restored from ${info.backupId})` : ""} and deleted ${dataDir}`);
}

export async function listRestored(config: OpsConfig): Promise<{ port: number; running: boolean; info: Record<string, unknown> }[]> {
  const names = await readdir(config.restoreRoot).catch(() => [] as string[]);
  const out = [];
  for (const name of names.filter((n) => /^\d+$/.test(n)).sort()) {
    const dir = join(config.restoreRoot, name);
    const info = JSON.parse(await readFile(join(dir, "bluemarble-restore.json"), "utf8").catch(() => "{}")) as Record<string, unknown>;
    out.push({ port: Number(name), running: await exists(join(dir, "postmaster.pid")), info });
  }
  return out;
}
