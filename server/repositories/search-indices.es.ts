import "server-only";
import type { Client } from "@elastic/elasticsearch";
import items from "@/search/mappings/items.v1.json" with { type: "json" };
import guilds from "@/search/mappings/guilds.v1.json" with { type: "json" };
import players from "@/search/mappings/players.v2.json" with { type: "json" };
import listings from "@/search/mappings/listings.v2.json" with { type: "json" };

/**
 * Index layout (docs/search.md): a concrete index `<prefix>_<index>_v<version>_<timestamp>` per build, read through
 * the alias `<prefix>_<index>` and written through `<prefix>_<index>_write`. A reindex builds a new concrete index
 * and moves both aliases in one atomic _aliases call, so searches never see a missing or half-built index.
 */

export const searchIndices = ["items", "guilds", "players", "listings"] as const;
export type SearchIndex = (typeof searchIndices)[number];

export type SearchEntity = "item" | "guild" | "player" | "listing";
export const entityIndex: Record<SearchEntity, SearchIndex> = { item: "items", guild: "guilds", player: "players", listing: "listings" };
export const indexEntity: Record<SearchIndex, SearchEntity> = { items: "item", guilds: "guild", players: "player", listings: "listing" };

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

export function isSearchIndex(value: string): value is SearchIndex {
  return (searchIndices as readonly string[]).includes(value);
}

export function readAlias(prefix: string, index: SearchIndex): string {
  return `${prefix}_${index}`;
}

export function writeAlias(prefix: string, index: SearchIndex): string {
  return `${prefix}_${index}_write`;
}

/** `bluemarble_items_v1_20261126t031500123z`: sortable, unique per build. */
export function concreteIndexName(prefix: string, index: SearchIndex, version: number, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:.]/g, "").toLowerCase();
  return `${prefix}_${index}_v${version}_${stamp}`;
}

/** The mapping version encoded in a concrete index name, or null. */
export function versionOf(concreteName: string): number | null {
  const match = /_v(\d+)_[0-9t]+z$/.exec(concreteName);
  return match ? Number(match[1]) : null;
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
