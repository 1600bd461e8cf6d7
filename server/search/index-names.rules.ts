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
