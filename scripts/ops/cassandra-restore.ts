/**
 * Restores a world snapshot into another keyspace of the running ring (`npm run restore -- --world <backup> --keyspace
 * <ks>`): the snapshot's schema with the new keyspace name (tables, SAI indexes and the materialized view, created
 * while empty), then each node's sstables, view included, loaded into that node with `nodetool import`, which builds
 * the SAI components of what it imports. The view is imported rather than rebuilt: a view build over a re-created
 * keyspace name can stall on the old view's build state (seen on 5.0.9), and an import takes seconds where a build of
 * a large world takes many minutes. Use a keyspace name that never existed where you can.
 *
 * Each node imports its own snapshot, which is exact while the ring has the same members and tokens as when the
 * snapshot was taken. Into a ring of another shape, stream the sstables with sstableloader instead.
 */
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type cassandra from "cassandra-driver";
import type { OpsConfig } from "./config";
import { formatSeconds, throttle, waitFor, type Log } from "./exec";
import { latestComplete, latestWith, readManifest, type CassandraPart } from "./manifest";
import { cqlClient, jmxByHost, keyspaceReplication, replicationCql, ringNodes } from "./cassandra-backup";
import { jmxArgs, nodetool, nodetoolChecked } from "./nodetool";

export interface WorldRestore {
  sourceKeyspace: string;
  keyspace: string;
  backup: string;
  tables: { table: string; sstables: number; rows: number | null }[];
  durationMs: number;
}

/** A backup id, `latest`, or a backup folder (the drill's world snapshots live outside BACKUP_DIR's listing). */
export async function resolveWorldBackup(config: OpsConfig, source: string): Promise<{ folder: string; part: CassandraPart }> {
  let folder: string;
  if (source === "latest") {
    const latest = await latestWith(config.backupDir, "cassandra");
    if (!latest) throw new Error(`No complete backup with a world snapshot in ${config.backupDir}`);
    folder = latest.folder;
  } else if (/^\d{8}T\d{6}Z$/.test(source)) {
    folder = join(config.backupDir, source);
  } else {
    folder = resolve(source);
  }
  const manifest = await readManifest(folder);
  if (!manifest) throw new Error(`${folder} holds no backup manifest${source === "latest" ? "" : ` (known: ${(await latestComplete(config.backupDir))?.id ?? "none"})`}`);
  if (!manifest.cassandra || !("keyspace" in manifest.cassandra)) throw new Error(`Backup ${manifest.id} has no world snapshot`);
  return { folder, part: manifest.cassandra };
}

/** The snapshot's statements, renamed into `keyspace`, without the source tables' ids. */
export function schemaStatements(schema: string, from: string, to: string): { tables: string[]; indexes: string[]; views: string[] } {
  const statements = schema
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.replace(new RegExp(`\\b${from}\\.`, "g"), `${to}.`).replace(/\s+WITH ID = [0-9a-f-]{36}\s+AND\s+/i, " WITH "));
  return {
    tables: statements.filter((s) => /^CREATE TABLE/i.test(s)),
    indexes: statements.filter((s) => /^CREATE (CUSTOM )?INDEX/i.test(s)),
    views: statements.filter((s) => /^CREATE MATERIALIZED VIEW/i.test(s)),
  };
}

const isSstableComponent = (name: string) => /^[a-z]{2}-\d+-big-/.test(name) && !name.includes("SAI");

/** `count`: count each table's rows afterwards (a full scan per table, best effort; off when the caller checks rows itself). */
export async function restoreWorld(options: { config: OpsConfig; source: string; keyspace: string; replace?: boolean; count?: boolean; log: Log }): Promise<WorldRestore> {
  const { config, keyspace, log } = options;
  const started = performance.now();
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(keyspace)) throw new Error(`"${keyspace}" is not a keyspace name (lower-case letters, digits, _)`);
  const { folder, part } = await resolveWorldBackup(config, options.source);
  const client = cqlClient(config);
  const staging = join(config.backupDir, ".staging", randomUUID());
  try {
    if (await keyspaceReplication(client, keyspace)) {
      if (keyspace === part.keyspace) throw new Error(`Refusing to restore over the live keyspace ${keyspace}: restore into another one and switch CASSANDRA_KEYSPACE`);
      if (!options.replace) throw new Error(`Keyspace ${keyspace} exists (add --replace to drop it first)`);
      log(`dropping keyspace ${keyspace} (--replace)`);
      await client.execute(`DROP KEYSPACE ${keyspace}`);
    }
    const schema = schemaStatements(await readFile(join(folder, part.schemaFile), "utf8"), part.keyspace, keyspace);
    log(`restoring ${part.keyspace} (snapshot ${part.snapshotTag} of ${part.takenAt}) into ${keyspace}: ${schema.tables.length} tables, ${schema.indexes.length} indexes, ${schema.views.length} views`);
    await client.execute(`CREATE KEYSPACE ${keyspace} WITH replication = ${replicationCql(part.replication)} AND durable_writes = true`);
    for (const statement of [...schema.tables, ...schema.indexes, ...schema.views]) await client.execute(statement);
    await waitForBuilds(client, keyspace, schema, log);

    const nodes = await ringNodes(client);
    const infos = await nodetool(config, config.cassandra.jmx.map((endpoint) => [...jmxArgs(endpoint), "info"]), log);
    const jmx = jmxByHost(config, nodes, infos, log);
    const commands: string[][] = [];
    const sstables = new Map<string, number>();
    for (const node of part.nodes) {
      const endpoint = jmx.get(node.hostId);
      if (!endpoint) throw new Error(`Node ${node.address} (${node.hostId}) of the snapshot is not in this ring: load its files with sstableloader`);
      for (const table of node.tables.filter((t) => t.files > 0)) {
        // Cassandra reads an sstable's keyspace and table from its two parent folders: name them after the target.
        const dir = join(staging, node.hostId, keyspace, table.table);
        await mkdir(dir, { recursive: true });
        const names = (await readdir(join(folder, table.folder))).filter(isSstableComponent);
        if (!names.some((n) => n.endsWith("-Data.db"))) continue;
        for (const name of names) await copyFile(join(folder, table.folder, name), join(dir, name));
        sstables.set(table.table, (sstables.get(table.table) ?? 0) + names.filter((n) => n.endsWith("-Data.db")).length);
        commands.push([...endpoint.args, "import", "--", keyspace, table.table, dir]);
      }
    }
    log(`nodetool import of ${[...sstables.values()].reduce((a, b) => a + b, 0)} sstables into ${commands.length} table(s)`);
    const imported = await nodetoolChecked(config, commands, log);
    const failedDirs = imported.filter((r) => /Some directories failed to import/i.test(r.output));
    if (failedDirs.length > 0) throw new Error(`nodetool import refused some files:\n${failedDirs.map((r) => r.output).join("\n")}`);

    const tables: WorldRestore["tables"] = [];
    for (const table of [...new Set(part.nodes.flatMap((n) => n.tables.map((t) => t.table)))].sort()) {
      const bytes = part.nodes.reduce((sum, n) => sum + (n.tables.find((t) => t.table === table)?.bytes ?? 0), 0);
      tables.push({ table, sstables: sstables.get(table) ?? 0, rows: options.count !== false && bytes < 64 * 1024 * 1024 ? await countRows(client, keyspace, table) : null });
    }
    const durationMs = Math.round(performance.now() - started);
    log(`world restored into ${keyspace} in ${formatSeconds(durationMs)}: ${tables.map((t) => `${t.table} ${t.rows ?? "(not counted)"}${t.rows === null ? "" : " rows"}`).join(", ")}`);
    return { sourceKeyspace: part.keyspace, keyspace, backup: folder, tables, durationMs };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await client.shutdown();
  }
}

/** SAI indexes answer once built on every node; a view is usable once its (here: empty) build finished on every node. */
async function waitForBuilds(client: cassandra.Client, keyspace: string, schema: { indexes: string[]; views: string[] }, log: Log): Promise<void> {
  const progress = throttle(5_000, log);
  const indexNames = schema.indexes.map((s) => /INDEX (?:IF NOT EXISTS )?(\w+)/i.exec(s)?.[1]).filter((n): n is string => Boolean(n));
  const viewNames = schema.views.map((s) => /VIEW (?:IF NOT EXISTS )?\w+\.(\w+)/i.exec(s)?.[1]).filter((n): n is string => Boolean(n));
  const hosts = client.hosts.values();
  await waitFor(
    `the index and view builds of ${keyspace}`,
    async () => {
      let pendingIndexes = 0;
      for (const host of hosts) {
        const rows = (await client.execute("SELECT index_name, is_queryable FROM system_views.sai_column_indexes WHERE keyspace_name = ?", [keyspace], { prepare: true, host })).rows;
        pendingIndexes += indexNames.filter((name) => !rows.some((r) => r.index_name === name && r.is_queryable === true)).length;
      }
      let pendingViews = 0;
      for (const host of hosts) {
        const built = (await client.execute("SELECT view_name FROM system.built_views WHERE keyspace_name = ?", [keyspace], { prepare: true, host })).rows;
        pendingViews += viewNames.filter((view) => !built.some((r) => r.view_name === view)).length;
      }
      if (pendingIndexes === 0 && pendingViews === 0) return true;
      progress(`building: ${pendingIndexes} index(es), ${pendingViews} view(s) to go`);
      return undefined;
    },
    { timeoutMs: 2 * 3600_000, intervalMs: 500 },
  );
}

async function countRows(client: cassandra.Client, keyspace: string, table: string): Promise<number | null> {
  try {
    const result = await client.execute(`SELECT count(*) AS n FROM ${keyspace}.${table}`, [], { readTimeout: 120_000 });
    return Number(result.first()?.n ?? 0);
  } catch {
    return null;
  }
}

export async function keyspaceExists(config: OpsConfig, keyspace: string): Promise<boolean> {
  const client = cqlClient(config);
  try {
    return (await keyspaceReplication(client, keyspace)) !== null;
  } finally {
    await client.shutdown();
  }
}

export async function dropKeyspace(config: OpsConfig, keyspace: string): Promise<void> {
  const client = cqlClient(config);
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  } finally {
    await client.shutdown();
  }
}

