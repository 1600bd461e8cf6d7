/**
 * PostgreSQL: a base backup with pg_basebackup (tar format, zstd, the WAL it needs streamed alongside) plus the
 * continuous WAL archive that scripts/postgres/configure.sh set up. Together they restore any moment after the
 * base backup finished, up to the last archived segment.
 *
 * The archive belongs to the server, not to one checkout: every base backup registers itself in
 * `<archive>/base-backups/<id>.json`, and WAL is pruned only up to the oldest registered backup that still exists,
 * so checkouts with their own BACKUP_DIR never delete each other's WAL.
 */
import { chown, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { serverOf } from "./config";
import { exists } from "./files";
import { formatBytes, run, throttle, waitFor, type Log } from "./exec";
import type { PostgresPart } from "./manifest";

export interface ServerInfo {
  host: string;
  port: number;
  version: string;
  versionMajor: number;
  systemIdentifier: string;
  dataDirectory: string;
  owner: string;
  archiveMode: string;
  archiveDir: string | null;
  archiveTimeoutSeconds: number;
  binDir: string;
}

export async function withServer<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = serverOf(databaseUrl);
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: "postgres", connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The archive folder is the one the server's archive_command writes to (configure.sh's layout). */
export function archiveDirOf(archiveCommand: string): string | null {
  return /test ! -e (\S+)\/ENABLED/.exec(archiveCommand)?.[1] ?? null;
}

export async function serverInfo(databaseUrl: string): Promise<ServerInfo> {
  const server = serverOf(databaseUrl);
  return withServer(databaseUrl, async (client) => {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
              (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
              current_setting('data_directory') AS data, current_setting('archive_mode') AS mode,
              current_setting('archive_command') AS command,
              (SELECT setting FROM pg_settings WHERE name = 'archive_timeout') AS timeout`,
    );
    const row = rows[0]!;
    const versionMajor = Math.floor(Number(row.num) / 10000);
    const owner = (await exists(row.data!)) ? await ownerOf(row.data!) : "postgres";
    return {
      host: server.host,
      port: server.port,
      version: row.version!,
      versionMajor,
      systemIdentifier: row.sysid!,
      dataDirectory: row.data!,
      owner,
      archiveMode: row.mode!,
      archiveDir: archiveDirOf(row.command!),
      archiveTimeoutSeconds: Number(row.timeout),
      binDir: `/usr/lib/postgresql/${versionMajor}/bin`,
    };
  });
}

async function ownerOf(path: string): Promise<string> {
  const { uid } = await stat(path);
  const passwd = await readFile("/etc/passwd", "utf8");
  return passwd.split("\n").find((line) => line.split(":")[2] === String(uid))?.split(":")[0] ?? "postgres";
}

/** Runs scripts/postgres/configure.sh (idempotent); a pending restart it could not do is an error for a backup. */
export async function ensureConfigured(root: string, log: Log): Promise<void> {
  const result = await run("bash", [join(root, "scripts/postgres/configure.sh"), "--restart", "auto"], {
    check: false,
    onLine: (line) => log(line.replace(/^\[postgres\] /, "")),
  });
  if (result.code !== 0) {
    throw new Error(
      "PostgreSQL is not ready for backups (see above). Once nobody is in the middle of something, run: npm run postgres:configure -- --restart now",
    );
  }
}

/** From now on the archive keeps segments (configure.sh's archive_command discards them before the first backup). */
async function enableArchive(info: ServerInfo): Promise<void> {
  const marker = join(info.archiveDir!, "ENABLED");
  if (await exists(marker)) return;
  await writeFile(marker, `created by npm run backup at ${new Date().toISOString()}\n`);
  await chownToOwner(marker, info.owner);
}

async function chownToOwner(path: string, owner: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { stdout } = await run("id", ["-u", owner]);
  const { stdout: gid } = await run("id", ["-g", owner]);
  await chown(path, Number(stdout.trim()), Number(gid.trim()));
}

/** Segment file name of an LSN on a timeline (16 MB segments). */
export function walFileName(timeline: number, lsn: string, segmentBytes = 16 * 1024 * 1024): string {
  const [hi, lo] = lsn.split("/").map((part) => BigInt(`0x${part}`)) as [bigint, bigint];
  const position = (hi << 32n) | lo;
  const segment = position / BigInt(segmentBytes);
  const perLog = 0x1_0000_0000n / BigInt(segmentBytes);
  const hex = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, "0");
  return `${hex(timeline)}${hex(segment / perLog)}${hex(segment % perLog)}`;
}

export async function backupPostgres(options: { databaseUrl: string; root: string; folder: string; id: string; checkpoint: "fast" | "spread"; log: Log }): Promise<PostgresPart> {
  const { log } = options;
  const started = performance.now();
  await ensureConfigured(options.root, log);
  const info = await serverInfo(options.databaseUrl);
  if (info.archiveMode !== "on" || !info.archiveDir) throw new Error("WAL archiving is not on (npm run postgres:configure)");
  await enableArchive(info);

  const databases = await withServer(options.databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string; bytes: string }>(
      "SELECT datname AS name, pg_database_size(datname)::text AS bytes FROM pg_database WHERE datallowconn ORDER BY pg_database_size(datname) DESC",
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  });
  const total = databases.reduce((sum, d) => sum + d.bytes, 0);
  log(`base backup of ${info.host}:${info.port} (PostgreSQL ${info.version}, ${databases.length} databases, ${formatBytes(total)}; checkpoint ${options.checkpoint})`);

  const folder = join(options.folder, "postgres");
  await mkdir(folder, { recursive: true });
  const label = `bluemarble-${options.id}`;
  const startedAt = new Date().toISOString();
  const progress = throttle(5_000, log);
  await run(
    "pg_basebackup",
    [
      "-h", info.host, "-p", String(info.port), "-U", "postgres", "-D", folder,
      "--format=tar", "--compress=client-zstd:1", "--wal-method=stream", `--checkpoint=${options.checkpoint}`,
      `--label=${label}`, "--progress", "--manifest-checksums=SHA256", "--no-password",
    ],
    {
      onLine: (line, stream) => {
        // "123456/1300000 kB (9%), 0/1 tablespace": progress; anything else is a real message.
        const match = /(\d+)\/(\d+) kB \((\d+)%\)/.exec(line);
        if (match) progress(`pg_basebackup ${match[3]}% (${formatBytes(Number(match[1]) * 1024)} of ${formatBytes(Number(match[2]) * 1024)})`);
        else if (stream === "stderr") log(`pg_basebackup: ${line}`);
      },
    },
  );
  const finishedAt = new Date().toISOString();

  const labelText = (await run("tar", ["--zstd", "-xOf", join(folder, "base.tar.zst"), "backup_label"])).stdout;
  const startMatch = /START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+) \(file ([0-9A-F]{24})\)/.exec(labelText);
  const timeline = Number(/START TIMELINE: (\d+)/.exec(labelText)?.[1] ?? 1);
  if (!startMatch) throw new Error(`backup_label without a start position:\n${labelText}`);
  const backupManifest = JSON.parse(await readFile(join(folder, "backup_manifest"), "utf8")) as { "WAL-Ranges": { Timeline: number; "Start-LSN": string; "End-LSN": string }[] };
  const endLsn = backupManifest["WAL-Ranges"].at(-1)!["End-LSN"];

  // Prove the archive takes WAL now: switch segments and wait until the one holding the backup's end is archived.
  const endWal = walFileName(timeline, endLsn);
  await withServer(options.databaseUrl, async (client) => {
    await client.query("SELECT pg_switch_wal()");
    await waitFor(
      `the archiving of WAL segment ${endWal}`,
      async () => {
        const { rows } = await client.query<{ last: string | null; failed: string | null; failedAt: Date | null }>(
          "SELECT last_archived_wal AS last, last_failed_wal AS failed, last_failed_time AS \"failedAt\" FROM pg_stat_archiver",
        );
        const row = rows[0]!;
        if (row.last && row.last.slice(8) >= endWal.slice(8) && (await exists(join(info.archiveDir!, `${endWal}.zst`)))) return true;
        if (row.failed && row.failedAt && row.failedAt.getTime() > Date.parse(startedAt)) throw new Error(`archive_command failed for ${row.failed} (see the PostgreSQL log)`);
        return undefined;
      },
      { timeoutMs: (info.archiveTimeoutSeconds + 60) * 1000, intervalMs: 250 },
    );
  });
  log(`WAL archive ok: ${endWal} is in ${info.archiveDir}`);

  await registerBaseBackup(info.archiveDir, { id: options.id, folder: options.folder, startWal: startMatch[2]!, timeline, finishedAt });
  return {
    server: { host: info.host, port: info.port, version: info.version, systemIdentifier: info.systemIdentifier, dataDirectory: info.dataDirectory },
    folder: "postgres",
    label,
    timeline,
    startLsn: startMatch[1]!,
    startWal: startMatch[2]!,
    endLsn,
    startedAt,
    finishedAt,
    walArchive: { dir: info.archiveDir, archiveTimeoutSeconds: info.archiveTimeoutSeconds },
    databases,
    durationMs: Math.round(performance.now() - started),
  };
}

interface Registration {
  id: string;
  folder: string;
  startWal: string;
  timeline: number;
  finishedAt: string;
}

async function registerBaseBackup(archiveDir: string, registration: Registration): Promise<void> {
  const dir = join(archiveDir, "base-backups");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${registration.id}.json`), `${JSON.stringify(registration, null, 2)}\n`);
}

/**
 * Deletes archived WAL older than the oldest base backup still on disk (registrations whose folder is gone are
 * dropped first). Without any base backup nothing is deleted: that is a state to look at, not to tidy away.
 */
export async function pruneWalArchive(archiveDir: string, log: Log): Promise<{ oldestKept: string | null; removed: number }> {
  const dir = join(archiveDir, "base-backups");
  const names = (await exists(dir)) ? (await readdir(dir)).filter((n) => n.endsWith(".json")) : [];
  const live: Registration[] = [];
  for (const name of names) {
    const registration = JSON.parse(await readFile(join(dir, name), "utf8")) as Registration;
    if (await exists(join(registration.folder, "manifest.json"))) live.push(registration);
    else if (!(await exists(registration.folder))) await rm(join(dir, name));
  }
  if (live.length === 0) return { oldestKept: null, removed: 0 };
  const oldest = live.map((r) => r.startWal).sort((a, b) => a.slice(8).localeCompare(b.slice(8)))[0]!;
  const before = (await readdir(archiveDir)).length;
  await run("pg_archivecleanup", ["-x", ".zst", archiveDir, oldest]);
  // Leftovers of an archive_command killed mid-copy (a later retry wrote the segment again).
  for (const name of await readdir(archiveDir)) {
    if (name.endsWith(".part") && Date.now() - (await stat(join(archiveDir, name))).mtimeMs > 3_600_000) await rm(join(archiveDir, name));
  }
  const removed = before - (await readdir(archiveDir)).length;
  if (removed > 0) log(`WAL archive: removed ${removed} segments older than ${oldest}`);
  return { oldestKept: oldest, removed };
}

