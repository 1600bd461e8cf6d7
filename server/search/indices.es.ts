import "server-only";
import type { Client } from "@elastic/elasticsearch";
import items from "@/search/mappings/items.v1.json" with { type: "json" };
import guilds from "@/search/mappings/guilds.v1.json" with { type: "json" };
import players from "@/search/mappings/players.v2.json" with { type: "json" };
import listings from "@/search/mappings/listings.v2.json" with { type: "json" };
import { SearchIndex, concreteIndexName, readAlias, versionOf, writeAlias } from "@/server/search/index-names.rules";

/** Index administration on Elasticsearch: creating concrete indices from the mapping files and moving aliases. */

interface MappingFile {
  version: number;
  settings: Record<string, unknown>;
  mappings: Record<string, unknown>;
}

/** The current mapping file of each index (search/mappings/<index>.v<version>.json). Bump the file to change a mapping. */
const mappingFiles: Record<SearchIndex, MappingFile> = { items, guilds, players, listings } as Record<SearchIndex, MappingFile>;

export function currentMapping(index: SearchIndex): MappingFile {
  return mappingFiles[index];
}

/** Index administration can be slow on a busy node (a merge, a large delete): longer than the client's default. */
const admin = { requestTimeout: 60_000, maxRetries: 1 };

/** Concrete indices behind an alias (empty when the alias does not exist). */
export async function indicesBehind(es: Client, alias: string): Promise<string[]> {
  try {
    const result = await es.indices.getAlias({ name: alias }, admin);
    return Object.keys(result).sort();
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return [];
    throw error;
  }
}

/** Creates a concrete index from the mapping file. `forBulkLoad` turns refreshes off until finishBulkLoad. */
export async function createConcreteIndex(es: Client, prefix: string, index: SearchIndex, options: { forBulkLoad?: boolean } = {}): Promise<string> {
  const mapping = currentMapping(index);
  const name = concreteIndexName(prefix, index, mapping.version);
  const settings = { ...mapping.settings, ...(options.forBulkLoad ? { refresh_interval: "-1" } : {}) };
  await es.indices.create({ index: name, settings, mappings: mapping.mappings }, admin);
  return name;
}

export async function finishBulkLoad(es: Client, index: SearchIndex, concreteName: string): Promise<void> {
  const refreshInterval = (currentMapping(index).settings.refresh_interval as string | undefined) ?? "1s";
  // Refreshing a freshly loaded large index can take a while on a busy node: give it more than the client default.
  const slow = { requestTimeout: 300_000, maxRetries: 0 };
  await es.indices.putSettings({ index: concreteName, settings: { refresh_interval: refreshInterval } }, slow);
  await es.indices.refresh({ index: concreteName }, slow);
}

/** Points the read and write aliases at `concreteName` only, in one atomic step. */
export async function swapAliases(es: Client, prefix: string, index: SearchIndex, concreteName: string): Promise<string[]> {
  const read = readAlias(prefix, index);
  const write = writeAlias(prefix, index);
  const previous = [...new Set([...(await indicesBehind(es, read)), ...(await indicesBehind(es, write))])].filter((name) => name !== concreteName);
  await es.indices.updateAliases({
    actions: [
      ...previous.flatMap((name) => [{ remove: { index: name, alias: read, must_exist: false } }, { remove: { index: name, alias: write, must_exist: false } }]),
      { add: { index: concreteName, alias: read } },
      { add: { index: concreteName, alias: write, is_write_index: true } },
    ],
  }, admin);
  return previous;
}

export async function deleteIndices(es: Client, names: string[]): Promise<void> {
  if (names.length) await es.indices.delete({ index: names.join(","), ignore_unavailable: true }, admin);
}

export interface IndexState {
  index: SearchIndex;
  alias: string;
  concrete: string[];
  version: number | null;
  documents: number;
}

export async function indexState(es: Client, prefix: string, index: SearchIndex): Promise<IndexState> {
  const alias = readAlias(prefix, index);
  const concrete = await indicesBehind(es, alias);
  const documents = concrete.length ? (await es.count({ index: alias })).count : 0;
  return { index, alias, concrete, version: concrete.length ? versionOf(concrete[concrete.length - 1]!) : null, documents };
}

/**
 * Creates the concrete index and both aliases of every index that has none yet. Idempotent and safe when two
 * processes race: the loser's aliases call fails and its empty index is removed.
 */
export async function ensureIndex(es: Client, prefix: string, index: SearchIndex): Promise<{ created: string | null }> {
  if ((await indicesBehind(es, readAlias(prefix, index))).length) return { created: null };
  const name = await createConcreteIndex(es, prefix, index);
  try {
    if ((await indicesBehind(es, readAlias(prefix, index))).length) {
      await deleteIndices(es, [name]);
      return { created: null };
    }
    await swapAliases(es, prefix, index, name);
    return { created: name };
  } catch (error) {
    await deleteIndices(es, [name]).catch(() => undefined);
    throw error;
  }
}

/** Concrete indices of this prefix that no alias points at (left by an interrupted reindex). */
export async function orphanIndices(es: Client, prefix: string, index: SearchIndex): Promise<string[]> {
  const all = await es.indices.get({ index: `${prefix}_${index}_v*`, ignore_unavailable: true, allow_no_indices: true }, admin);
  return Object.entries(all)
    .filter(([, body]) => !body.aliases || Object.keys(body.aliases).length === 0)
    .map(([name]) => name);
}
