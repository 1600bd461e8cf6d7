/**
 * A backup is one folder, `<BACKUP_DIR>/<id>/` with `id` = the UTC start time (20261202T154500Z), holding one
 * sub-folder per engine and `manifest.json`: what was backed up, when, how long it took, and every file with its
 * size and sha256. The manifest is written last (temporary name, then rename): a folder without one is an
 * interrupted backup, which restores ignore and the next pruning removes.
 */
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileEntry } from "./files";

export const manifestName = "manifest.json";
const idPattern = /^\d{8}T\d{6}Z$/;

export interface PostgresPart {
  server: { host: string; port: number; version: string; systemIdentifier: string; dataDirectory: string };
  /** pg_basebackup output (tar format, zstd): base.tar.zst, pg_wal.tar.zst, backup_manifest. */
  folder: string;
  label: string;
  timeline: number;
  startLsn: string;
  startWal: string;
  endLsn: string;
  /** The backup is consistent from here on: a restore can target any moment after it. */
  startedAt: string;
  finishedAt: string;
  walArchive: { dir: string; archiveTimeoutSeconds: number };
  databases: { name: string; bytes: number }[];
  durationMs: number;
}

export interface CassandraPart {
  keyspace: string;
  /** The keyspace's replication map as Cassandra reports it. */
  replication: Record<string, string>;
  snapshotTag: string;
  takenAt: string;
  /** schema.cql: CREATE KEYSPACE + every table, index and view, as the snapshot recorded them. */
  schemaFile: string;
  nodes: { hostId: string; address: string; jmx: string; tables: { table: string; isView: boolean; folder: string; files: number; bytes: number }[] }[];
  durationMs: number;
}

export interface ElasticsearchPart {
  status: "snapshot" | "skipped";
  reason?: string;
  /** How to get the indices back without a snapshot (they are built from PostgreSQL). */
  rebuild: string;
  prefix: string;
  indices: { index: string; docs: number; aliases: string[]; writeAliases: string[] }[];
  snapshot?: { name: string; folder: string; state: string; shards: { total: number; successful: number; failed: number } };
  durationMs: number;
}

export interface RedisPart {
  url: string;
  /** Key families that are backed up: nothing else holds them. */
  saved: { pattern: string; keys: number; why: string }[];
  /** Key families that are not: they come back from PostgreSQL/Cassandra or from the game by themselves. */
  rebuildable: { pattern: string; keys: number; how: string }[];
  unknown: { prefix: string; keys: number }[];
  file: string;
  durationMs: number;
}

export interface Manifest {
  format: 1;
  id: string;
  status: "complete" | "failed";
  /** The engines this backup covers (`--only` makes a partial backup, which retention does not count). */
  parts: string[];
  partial: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  host: string;
  postgres?: PostgresPart;
  cassandra?: CassandraPart | { skipped: string };
  elasticsearch?: ElasticsearchPart;
  redis?: RedisPart;
  errors: string[];
  files: FileEntry[];
  totalBytes: number;
}

export function backupId(at = new Date()): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

export async function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  const temporary = join(folder, `${manifestName}.part`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, join(folder, manifestName));
}

export async function readManifest(folder: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(folder, manifestName), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

export interface BackupListing {
  id: string;
  folder: string;
  manifest: Manifest | null;
}

/** Backup folders, newest first. */
export async function listBackups(backupDir: string): Promise<BackupListing[]> {
  let names: string[];
  try {
    names = await readdir(backupDir);
  } catch {
    return [];
  }
  const ids = names.filter((name) => idPattern.test(name)).sort().reverse();
  return Promise.all(ids.map(async (id) => ({ id, folder: join(backupDir, id), manifest: await readManifest(join(backupDir, id)) })));
}

export async function latestComplete(backupDir: string): Promise<BackupListing | null> {
  return (await listBackups(backupDir)).find((b) => b.manifest?.status === "complete") ?? null;
}

/** The newest complete backup that holds a usable part for that engine (a snapshot, not a skipped step). */
export async function latestWith(backupDir: string, part: "postgres" | "cassandra" | "elasticsearch" | "redis"): Promise<BackupListing | null> {
  const usable = (m: Manifest) => {
    if (part === "cassandra") return Boolean(m.cassandra && "keyspace" in m.cassandra);
    if (part === "elasticsearch") return m.elasticsearch?.status === "snapshot";
    return Boolean(m[part]);
  };
  return (await listBackups(backupDir)).find((b) => b.manifest?.status === "complete" && usable(b.manifest)) ?? null;
}

/**
 * Keeps the newest `keep` complete full backups, and partial ones (`--only`) newer than the oldest of those. Older
 * backups go, and so do failed or interrupted folders older than the newest complete backup (a folder newer than that
 * may be a backup still running).
 */
export async function pruneBackups(backupDir: string, keep: number, log: (line: string) => void): Promise<BackupListing[]> {
  const all = await listBackups(backupDir);
  const complete = all.filter((b) => b.manifest?.status === "complete");
  const full = complete.filter((b) => !b.manifest!.partial).slice(0, keep);
  const oldestKept = full.at(-1)?.id ?? "";
  const kept = complete.filter((b) => full.includes(b) || (b.manifest!.partial && b.id > oldestKept));
  const newest = complete[0]?.id;
  const doomed = all.filter((b) => {
    if (kept.includes(b)) return false;
    if (b.manifest?.status === "complete") return full.length === keep;
    return newest !== undefined && b.id < newest;
  });
  for (const backup of doomed) {
    log(`pruning ${backup.id} (${backup.manifest ? `${backup.manifest.status}${backup.manifest.partial ? ", partial" : ""}` : "interrupted"})`);
    await rm(backup.folder, { recursive: true, force: true });
  }
  return kept;
}
