/**
 * One backup of every store that holds data, into `<backupDir>/<id>/`, then retention pruning. Framework-free, so
 * the command line (scripts/ops/backup.ts), the drill and a scheduled job run the same code.
 */
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { serverOf, type OpsConfig } from "./config";
import { describeFiles } from "./files";
import { formatBytes, formatSeconds, stepLogger, throttle, type Log } from "./exec";
import { backupId, pruneBackups, writeManifest, type Manifest } from "./manifest";
import { backupPostgres, pruneWalArchive } from "./postgres-backup";
import { backupCassandra } from "./cassandra-backup";
import { backupElasticsearch } from "./elasticsearch-backup";
import { backupRedis } from "./redis-backup";

export const engineParts = ["postgres", "cassandra", "elasticsearch", "redis"] as const;
export type EnginePart = (typeof engineParts)[number];

export interface BackupOptions {
  config: OpsConfig;
  only?: EnginePart[];
  log?: Log;
}

/**
 * Backups and drills of one PostgreSQL server take turns (a session-level advisory lock on that server), whichever
 * checkout or process starts them: a pruning must not delete the base backup a drill is restoring from.
 */
export async function withOpsLock<T>(databaseUrl: string, what: string, work: () => Promise<T>): Promise<T> {
  const server = serverOf(databaseUrl);
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: "postgres", application_name: `bluemarble ${what}` });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('bluemarble:backup')) AS ok");
    if (!rows[0]!.ok) {
      const holder = await client.query<{ app: string; since: Date }>(
        `SELECT a.application_name AS app, a.backend_start AS since FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE l.locktype = 'advisory' AND l.objid = hashtext('bluemarble:backup')::oid AND l.granted LIMIT 1`,
      );
      const who = holder.rows[0] ? `${holder.rows[0].app || "another process"} (since ${holder.rows[0].since.toISOString()})` : "another process";
      throw new Error(`A backup or drill is already running on this PostgreSQL server: ${who}. Try again when it has finished.`);
    }
    return await work();
  } finally {
    await client.end();
  }
}

export async function runBackup(options: BackupOptions): Promise<{ manifest: Manifest; folder: string }> {
  const { config } = options;
  const only = new Set(options.only ?? engineParts);
  const started = new Date();
  const id = backupId(started);
  const folder = join(config.backupDir, id);
  const root = options.log ?? stepLogger("backup");
  await mkdir(folder, { recursive: true });
  root(`backup ${id} into ${folder}`);

  const manifest: Manifest = {
    format: 1,
    id,
    status: "complete",
    parts: engineParts.filter((part) => only.has(part)),
    partial: engineParts.some((part) => !only.has(part)),
    startedAt: started.toISOString(),
    finishedAt: "",
    durationMs: 0,
    host: hostname(),
    errors: [],
    files: [],
    totalBytes: 0,
  };
  const step = async <T>(name: EnginePart, work: (log: Log) => Promise<T>): Promise<T | undefined> => {
    if (!only.has(name)) return undefined;
    const log: Log = (line) => root(`${name}: ${line}`);
    const t0 = performance.now();
    try {
      const result = await work(log);
      log(`done in ${formatSeconds(performance.now() - t0)}`);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`FAILED: ${message}`);
      manifest.errors.push(`${name}: ${message}`);
      manifest.status = "failed";
      return undefined;
    }
  };

  await withOpsLock(config.databaseUrl, "backup", async () => {
    manifest.postgres = await step("postgres", (log) => backupPostgres({ databaseUrl: config.databaseUrl, root: config.root, folder, id, checkpoint: config.checkpoint, log }));
    manifest.cassandra = await step("cassandra", (log) =>
      backupCassandra({ config, keyspace: config.cassandra.keyspace, folder, tag: `bluemarble-${id.toLowerCase()}`, log }),
    );
    manifest.elasticsearch = await step("elasticsearch", (log) => backupElasticsearch({ urls: config.elasticsearch.urls, prefix: config.elasticsearch.prefix, folder, id, log }));
    manifest.redis = await step("redis", (log) => backupRedis({ url: config.redisUrl, folder, log }));

    let hashed = 0;
    const progress = throttle(5_000, root);
    manifest.files = await describeFiles(folder, folder, (n) => {
      hashed += n;
      progress(`checksums: ${formatBytes(hashed)}`);
    });
    manifest.totalBytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    manifest.finishedAt = new Date().toISOString();
    manifest.durationMs = Date.parse(manifest.finishedAt) - started.getTime();
    await writeManifest(folder, manifest);

    if (manifest.status === "complete") {
      const kept = await pruneBackups(config.backupDir, config.keep, root);
      root(`retention: keeping ${kept.length} backup(s) (BACKUP_KEEP=${config.keep}): ${kept.map((b) => b.id).join(", ")}`);
      if (manifest.postgres) await pruneWalArchive(manifest.postgres.walArchive.dir, root);
    }
  });
  root(`backup ${id} ${manifest.status} in ${formatSeconds(manifest.durationMs)}: ${manifest.files.length} files, ${formatBytes(manifest.totalBytes)}`);
  return { manifest, folder };
}
