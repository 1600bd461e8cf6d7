/**
 * Cassandra: `nodetool snapshot` of the world keyspace on every ring member at once (hard links of the flushed
 * sstables, taken over JMX), copied into the backup folder per node and table, with the keyspace's schema as the
 * snapshot recorded it. The snapshot is cleared afterwards; its TTL removes it anyway if the copy is interrupted.
 *
 * The copy reads the node's data folder directly, which works while every node's disks are mounted on this machine
 * (one machine, or a ring on 127.0.0.x). For nodes on other hosts the same layout is produced by copying each node's
 * snapshot folder (rsync) before `clearsnapshot`; docs/operations.md.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import cassandra from "cassandra-driver";
import type { OpsConfig } from "./config";
import { copyWithHash, exists } from "./files";
import { formatBytes, throttle, type Log } from "./exec";
import type { CassandraPart } from "./manifest";
import { hostIdOf, jmxArgs, nodetool, parseDataPaths, type NodetoolResult } from "./nodetool";

export function cqlClient(config: OpsConfig, keyspace?: string): cassandra.Client {
  return new cassandra.Client({
    contactPoints: config.cassandra.contactPoints,
    localDataCenter: config.cassandra.localDataCenter,
    keyspace,
    socketOptions: { connectTimeout: 5_000, readTimeout: 60_000 },
  });
}

export interface RingNode {
  hostId: string;
  address: string;
}

export async function ringNodes(client: cassandra.Client): Promise<RingNode[]> {
  const local = await client.execute("SELECT host_id, broadcast_address FROM system.local");
  const peers = await client.execute("SELECT host_id, peer FROM system.peers_v2");
  return [
    ...local.rows.map((r) => ({ hostId: String(r.host_id), address: String(r.broadcast_address) })),
    ...peers.rows.map((r) => ({ hostId: String(r.host_id), address: String(r.peer) })),
  ];
}

export async function keyspaceReplication(client: cassandra.Client, keyspace: string): Promise<Record<string, string> | null> {
  const result = await client.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", [keyspace], { prepare: true });
  return (result.first()?.replication as Record<string, string> | undefined) ?? null;
}

export function replicationCql(replication: Record<string, string>): string {
  const entries = Object.entries(replication).map(([key, value]) => `'${key}': '${value.replace(/^org\.apache\.cassandra\.locator\./, "")}'`);
  return `{${entries.join(", ")}}`;
}

/**
 * Maps every ring member to the JMX endpoint that answers for it, from `nodetool info` outputs (one per endpoint of
 * CASSANDRA_JMX_ENDPOINTS, in that order): a snapshot that misses a node is no backup of the ring.
 */
export function jmxByHost(config: OpsConfig, nodes: RingNode[], infos: NodetoolResult[], log: Log): Map<string, { jmx: string; args: string[] }> {
  const map = new Map<string, { jmx: string; args: string[] }>();
  infos.forEach((info, index) => {
    const endpoint = config.cassandra.jmx[index]!;
    const hostId = info.code === 0 ? hostIdOf(info.output) : null;
    if (!hostId) log(`JMX ${endpoint.host}:${endpoint.port} did not answer nodetool info: ${info.output.split("\n").slice(-1)[0]}`);
    else map.set(hostId, { jmx: `${endpoint.host}:${endpoint.port}`, args: jmxArgs(endpoint) });
  });
  const missing = nodes.filter((node) => !map.has(node.hostId));
  if (missing.length > 0) {
    throw new Error(
      `No JMX endpoint answers for ring member(s) ${missing.map((n) => `${n.address} (${n.hostId})`).join(", ")}: ` +
        "list every node's JMX host:port in CASSANDRA_JMX_ENDPOINTS (a snapshot must cover every node).",
    );
  }
  return map;
}

export async function backupCassandra(options: { config: OpsConfig; keyspace: string; folder: string; tag: string; log: Log }): Promise<CassandraPart | { skipped: string }> {
  const { config, keyspace, log, tag } = options;
  const started = performance.now();
  const client = cqlClient(config);
  try {
    const replication = await keyspaceReplication(client, keyspace);
    if (!replication) {
      log(`keyspace ${keyspace} does not exist: nothing to snapshot`);
      return { skipped: `keyspace ${keyspace} does not exist` };
    }
    const nodes = await ringNodes(client);
    const views = new Set(
      (await client.execute("SELECT view_name FROM system_schema.views WHERE keyspace_name = ?", [keyspace], { prepare: true })).rows.map((r) => String(r.view_name)),
    );
    // One JVM for all of it: per endpoint its identity, the snapshot (all nodes within a second or so) and its folders.
    const endpoints = config.cassandra.jmx;
    const takenAt = new Date().toISOString();
    const results = await nodetool(
      config,
      endpoints.flatMap((endpoint) => [
        [...jmxArgs(endpoint), "info"],
        [...jmxArgs(endpoint), "snapshot", "-t", tag, "--ttl", "6h", "--", keyspace],
        [...jmxArgs(endpoint), "datapaths", "--", keyspace],
      ]),
      log,
    );
    const jmx = jmxByHost(config, nodes, results.filter((_, i) => i % 3 === 0), log);
    const failed = results.filter((r, i) => i % 3 !== 0 && r.code !== 0);
    if (failed.length > 0) throw new Error(failed.map((r) => `nodetool ${r.args.join(" ")} exited with ${r.code}: ${r.output.split("\n").slice(-5).join(" ")}`).join("\n"));
    log(`snapshot ${tag} of ${keyspace} on ${nodes.length} node(s): ${nodes.map((n) => `${n.address} via JMX ${jmx.get(n.hostId)!.jmx}`).join(", ")}`);
    const pathsByHost = new Map<string, Map<string, string[]>>();
    endpoints.forEach((endpoint, index) => {
      const hostId = hostIdOf(results[index * 3]!.output);
      if (hostId) pathsByHost.set(hostId, parseDataPaths(results[index * 3 + 2]!.output));
    });

    const part: CassandraPart = { keyspace, replication, snapshotTag: tag, takenAt, schemaFile: "cassandra/schema.cql", nodes: [], durationMs: 0 };
    const schemaParts: string[] = [`CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replicationCql(replication)} AND durable_writes = true;`];
    let copied = 0;
    const progress = throttle(5_000, log);
    for (const [index, node] of nodes.entries()) {
      const paths = pathsByHost.get(node.hostId)!;
      const entry: CassandraPart["nodes"][number] = { hostId: node.hostId, address: node.address, jmx: jmx.get(node.hostId)!.jmx, tables: [] };
      for (const [table, dirs] of [...paths.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const target = join(options.folder, "cassandra", node.hostId, table);
        let files = 0;
        let bytes = 0;
        for (const dir of dirs) {
          const snapshotDir = join(dir, "snapshots", tag);
          if (!(await exists(snapshotDir))) continue;
          for (const name of (await readdir(snapshotDir)).sort()) {
            const copy = await copyWithHash(join(snapshotDir, name), join(target, name), (n) => {
              copied += n;
              progress(`copying snapshot files: ${formatBytes(copied)}`);
            });
            files += 1;
            bytes += copy.bytes;
          }
          if (index === 0 && (await exists(join(snapshotDir, "schema.cql")))) schemaParts.push((await readFile(join(snapshotDir, "schema.cql"), "utf8")).trim());
        }
        if (files === 0) await mkdir(target, { recursive: true });
        entry.tables.push({ table, isView: views.has(table), folder: `cassandra/${node.hostId}/${table}`, files, bytes });
      }
      part.nodes.push(entry);
    }
    await writeFile(join(options.folder, part.schemaFile), `${schemaParts.join("\n\n")}\n`);
    await nodetool(config, nodes.map((node) => [...jmx.get(node.hostId)!.args, "clearsnapshot", "-t", tag, "--", keyspace]), log);
    const tables = part.nodes[0]?.tables ?? [];
    log(`snapshot copied: ${tables.length} tables × ${nodes.length} node(s), ${formatBytes(copied)}`);
    part.durationMs = Math.round(performance.now() - started);
    return part;
  } finally {
    await client.shutdown();
  }
}
