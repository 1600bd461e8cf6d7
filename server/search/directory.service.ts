import "server-only";
import { searchTimeoutMs, tryElasticsearch } from "@/server/clients/elasticsearch";
import type { Engines } from "@/server/engines";
import { searchGuildsEs, searchPlayersEs } from "@/server/search/query.es";

/**
 * Elasticsearch halves of the guild directory (server/guild/directory.pg.ts) and the staff player look-up
 * (server/staff/player-lookup.pg.ts): Elasticsearch finds and orders ids, the caller reads the rows
 * from PostgreSQL by primary key. `null` = Elasticsearch reads are switched off (`engines.searchReads`);
 * `{ unavailable: true }` = it failed, answer from PostgreSQL and say so (degraded).
 */

export type SearchReadEngines = Pick<Engines, "elasticsearch" | "searchPrefix" | "searchReads">;
export type EsIds<T> = T | { unavailable: true } | null;

export async function findGuildIdsEs(
  engines: SearchReadEngines,
  search: { query: string; recruitingOnly: boolean; limit: number; offset: number },
): Promise<EsIds<{ ids: number[]; hasMore: boolean }>> {
  if (engines.searchReads !== "elasticsearch") return null;
  const found = await tryElasticsearch(
    engines.elasticsearch,
    () =>
      searchGuildsEs(
        engines.elasticsearch,
        engines.searchPrefix,
        { text: search.query.trim(), recruitingOnly: search.recruitingOnly, limit: search.limit + 1, offset: search.offset, total: false },
        { timeoutMs: searchTimeoutMs() },
      ),
    "guild directory",
  );
  if (!found) return { unavailable: true };
  const ids = found.hits.map((hit) => hit.guildId);
  return { ids: ids.slice(0, search.limit), hasMore: ids.length > search.limit };
}

/** Staff look-up by name: every player, including those hidden from the public search. */
export async function findPlayerIdsEs(
  engines: SearchReadEngines,
  query: string,
  limit: number,
): Promise<EsIds<{ playerId: number; matchedOn: string[] }[]>> {
  if (engines.searchReads !== "elasticsearch") return null;
  const found = await tryElasticsearch(
    engines.elasticsearch,
    () => searchPlayersEs(engines.elasticsearch, engines.searchPrefix, { text: query.trim(), limit, includeHidden: true }, { timeoutMs: searchTimeoutMs() }),
    "staff player look-up",
  );
  if (!found) return { unavailable: true };
  return found.map((hit) => ({ playerId: hit.playerId, matchedOn: hit.matchedOn.length ? hit.matchedOn : ["username"] }));
}
