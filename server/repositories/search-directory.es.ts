import "server-only";
import type { Engines } from "@/server/context";
import { elasticsearchReadsEnabled, searchTimeoutMs, tryElasticsearch } from "@/server/repositories/search-breaker.es";
import { searchGuildsEs, searchPlayersEs } from "@/server/repositories/search-query.es";

/**
 * Elasticsearch halves of the guild directory (server/repositories/guild.directory.ts) and the staff player look-up
 * (server/repositories/staff-player-lookup.sql.ts): Elasticsearch finds and orders ids, the caller reads the rows
 * from PostgreSQL by primary key. `null` = Elasticsearch reads are switched off (SEARCH_READS=postgres);
 * `{ unavailable: true }` = it failed, answer from PostgreSQL and say so (degraded).
 */

export type SearchReadEngines = Pick<Engines, "elasticsearch" | "searchPrefix">;
export type EsIds<T> = T | { unavailable: true } | null;

export async function findGuildIdsEs(
  engines: SearchReadEngines,
  search: { query: string; recruitingOnly: boolean; limit: number; offset: number },
): Promise<EsIds<{ ids: number[]; hasMore: boolean }>> {
  if (!elasticsearchReadsEnabled()) return null;
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
  if (!elasticsearchReadsEnabled()) return null;
  const found = await tryElasticsearch(
    engines.elasticsearch,
    () => searchPlayersEs(engines.elasticsearch, engines.searchPrefix, { text: query.trim(), limit, includeHidden: true }, { timeoutMs: searchTimeoutMs() }),
    "staff player look-up",
  );
  if (!found) return { unavailable: true };
  return found.map((hit) => ({ playerId: hit.playerId, matchedOn: hit.matchedOn.length ? hit.matchedOn : ["username"] }));
}
