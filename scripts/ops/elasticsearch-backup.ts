/**
 * Elasticsearch: a snapshot of the portal's indices (the concrete indices behind `<prefix>_<index>` aliases, with
 * their aliases) into a filesystem repository, then moved into the backup folder. A filesystem repository must lie
 * under one of the node's `path.repo` folders (scripts/engines/elasticsearch.sh sets `.data/elasticsearch/snapshots`);
 * on a cluster that folder is a shared mount on every node. A node started without path.repo cannot snapshot: the
 * step is then skipped and says so, and the indices come back from PostgreSQL (`npm run search:reindex`).
 *
 * Every index is derived from PostgreSQL. After a point-in-time restore of PostgreSQL, rebuild search from the restored
 * database rather than restoring a snapshot from another moment.
 */
import { cp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { folderBytes } from "./files";
import { formatBytes, throttle, waitFor, type Log } from "./exec";
import type { ElasticsearchPart } from "./manifest";

export const searchIndexNames = ["items", "guilds", "players", "listings"] as const;
export const rebuildHint = "npm run search:reindex (every index is rebuilt from PostgreSQL behind its alias; docs/search.md)";

export async function es<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Elasticsearch ${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The node's path.repo folders (the same on every node of a cluster that can snapshot). */
export async function pathRepo(base: string): Promise<string[]> {
  const nodes = await es<{ nodes: Record<string, { settings?: { path?: { repo?: string | string[] } } }> }>(base, "GET", "/_nodes/settings?filter_path=nodes.*.settings.path.repo");
  const perNode = Object.values(nodes.nodes ?? {}).map((n) => {
    const repo = n.settings?.path?.repo;
    return repo === undefined ? [] : Array.isArray(repo) ? repo : [repo];
  });
  if (perNode.length === 0 || perNode.some((repos) => repos.length === 0)) return [];
  return perNode[0]!;
}

/** Concrete indices behind the portal's read aliases, with their aliases and document counts. */
export async function portalIndices(base: string, prefix: string): Promise<ElasticsearchPart["indices"]> {
  const aliases = searchIndexNames.map((name) => `${prefix}_${name}`).join(",");
  let byIndex: Record<string, { aliases: Record<string, unknown> }>;
  try {
    byIndex = await es(base, "GET", `/_alias/${aliases}?ignore_unavailable=true`);
  } catch (error) {
    if (error instanceof Error && / 404 /.test(error.message)) return [];
    throw error;
  }
  const indices: ElasticsearchPart["indices"] = [];
  for (const index of Object.keys(byIndex).sort()) {
    const all = await es<Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>>(base, "GET", `/${index}/_alias`);
    const count = await es<{ count: number }>(base, "GET", `/${index}/_count`);
    const aliasMap = all[index]?.aliases ?? {};
    indices.push({
      index,
      docs: count.count,
      aliases: Object.keys(aliasMap).sort(),
      writeAliases: Object.keys(aliasMap).filter((name) => aliasMap[name]!.is_write_index === true).sort(),
    });
  }
  return indices;
}

export async function backupElasticsearch(options: { urls: string[]; prefix: string; folder: string; id: string; log: Log }): Promise<ElasticsearchPart> {
  const { log } = options;
  const started = performance.now();
  const base = options.urls[0]!.replace(/\/$/, "");
  const indices = await portalIndices(base, options.prefix);
  const part: ElasticsearchPart = { status: "skipped", rebuild: rebuildHint, prefix: options.prefix, indices, durationMs: 0 };
  const repos = await pathRepo(base);
  if (indices.length === 0) {
    part.reason = `no index behind the ${options.prefix}_* aliases`;
  } else if (repos.length === 0) {
    part.reason =
      "the node has no path.repo, so it cannot write a filesystem snapshot (nodes started before scripts/engines/elasticsearch.sh set it: " +
      "restart Elasticsearch once). Recovery path meanwhile: " + rebuildHint;
  }
  if (part.reason) {
    log(`snapshot skipped: ${part.reason}`);
    part.durationMs = Math.round(performance.now() - started);
    return part;
  }

  const repository = `bluemarble-${options.id.toLowerCase()}`;
  const location = join(repos[0]!, repository);
  const snapshot = `snapshot-${options.id.toLowerCase()}`;
  await es(base, "PUT", `/_snapshot/${repository}`, { type: "fs", settings: { location, compress: true } });
  try {
    log(`snapshot ${snapshot} of ${indices.length} indices (${indices.reduce((s, i) => s + i.docs, 0)} documents) into ${location}`);
    await es(base, "PUT", `/_snapshot/${repository}/${snapshot}?wait_for_completion=false`, {
      indices: indices.map((i) => i.index).join(","),
      include_global_state: false,
    });
    const progress = throttle(5_000, log);
    const done = await waitFor(
      `snapshot ${snapshot}`,
      async () => {
        const status = await es<{ snapshots: { state: string; shards_stats: { done: number; total: number; failed: number } }[] }>(
          base,
          "GET",
          `/_snapshot/${repository}/${snapshot}/_status`,
        );
        const s = status.snapshots[0];
        if (!s) return undefined;
        progress(`snapshot ${s.state}: ${s.shards_stats.done}/${s.shards_stats.total} shards`);
        if (s.state === "SUCCESS" || s.state === "FAILED" || s.state === "PARTIAL") return s;
        return undefined;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 500 },
    );
    const info = await es<{ snapshots: { state: string; shards: { total: number; successful: number; failed: number } }[] }>(base, "GET", `/_snapshot/${repository}/${snapshot}`);
    const shards = info.snapshots[0]!.shards;
    if (done.state !== "SUCCESS") throw new Error(`snapshot ${snapshot} ended ${done.state} (${shards.failed} of ${shards.total} shards failed)`);
    part.status = "snapshot";
    part.snapshot = { name: snapshot, folder: "elasticsearch", state: done.state, shards };
  } finally {
    // Unregistering leaves the files; the repository is registered again (read-only) to restore.
    await es(base, "DELETE", `/_snapshot/${repository}`).catch(() => undefined);
  }
  const target = join(options.folder, "elasticsearch");
  await moveFolder(location, target);
  log(`snapshot done: ${formatBytes(await folderBytes(target))}`);
  part.durationMs = Math.round(performance.now() - started);
  return part;
}

async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}


/**
 * Restores a backup's snapshot under another index prefix: the concrete indices renamed from `<old>_…` to `<new>_…`,
 * and the read/write aliases created again under the new prefix (restoring the old aliases would point live names at
 * the copies). The snapshot folder is copied back under the node's path.repo and registered read-only.
 */
export async function restoreElasticsearch(options: { urls: string[]; folder: string; part: ElasticsearchPart; prefix: string; log: Log }): Promise<{ indices: string[]; durationMs: number }> {
  const { part, log } = options;
  const started = performance.now();
  if (part.status !== "snapshot" || !part.snapshot) throw new Error(`This backup has no search snapshot (${part.reason ?? "skipped"}); rebuild instead: ${part.rebuild}`);
  if (options.prefix === part.prefix) throw new Error(`Refusing to restore over the live prefix ${part.prefix}: choose another --prefix`);
  const base = options.urls[0]!.replace(/\/$/, "");
  const repos = await pathRepo(base);
  if (repos.length === 0) throw new Error("The node has no path.repo (restart it with scripts/engines/elasticsearch.sh)");
  const repository = `bluemarble-restore-${Date.now()}`;
  const location = join(repos[0]!, repository);
  await cp(join(options.folder, part.snapshot.folder), location, { recursive: true });
  await es(base, "PUT", `/_snapshot/${repository}`, { type: "fs", settings: { location, readonly: true } });
  try {
    const renamed = (index: string) => `${options.prefix}${index.slice(part.prefix.length)}`;
    await es(base, "POST", `/_snapshot/${repository}/${part.snapshot.name}/_restore?wait_for_completion=true`, {
      indices: part.indices.map((i) => i.index).join(","),
      include_aliases: false,
      include_global_state: false,
      rename_pattern: `^${part.prefix}_(.+)$`,
      rename_replacement: `${options.prefix}_$1`,
    });
    const actions = part.indices.flatMap((i) =>
      i.aliases.filter((a) => a.startsWith(`${part.prefix}_`)).map((alias) => ({ add: { index: renamed(i.index), alias: renamed(alias), ...(i.writeAliases?.includes(alias) ? { is_write_index: true } : {}) } })),
    );
    if (actions.length > 0) await es(base, "POST", "/_aliases", { actions });
    const indices = part.indices.map((i) => renamed(i.index));
    for (const [n, index] of indices.entries()) {
      await es(base, "GET", `/_cluster/health/${index}?wait_for_status=yellow&timeout=60s`);
      const { count } = await es<{ count: number }>(base, "GET", `/${index}/_count`);
      if (count !== part.indices[n]!.docs) throw new Error(`${index} holds ${count} documents; the snapshot had ${part.indices[n]!.docs}`);
    }
    log(`restored ${indices.length} indices under ${options.prefix}_* (${part.indices.reduce((s, i) => s + i.docs, 0)} documents, counts match)`);
    return { indices, durationMs: Math.round(performance.now() - started) };
  } finally {
    await es(base, "DELETE", `/_snapshot/${repository}`).catch(() => undefined);
    await rm(location, { recursive: true, force: true });
  }
}
