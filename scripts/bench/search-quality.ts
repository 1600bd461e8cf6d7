/**
 * `npm run bench:search-quality [-- --names 200 --compare 10]`: does the typo clause's expansion cap change what people
 * find? Against DATABASE_URL and ELASTICSEARCH_INDEX_PREFIX (the scale data set, like bench:search), it samples real
 * usernames, character names and item names, misspells each twice (two letters swapped; one letter dropped), and runs
 * every misspelling with the portal's text query as it is (`typoExpansions`) and with `--compare` expansions instead
 * (a cheaper cap, to see what it would cost). Prints, per index, how often the name that was meant came first and how often it was
 * in the top 10, with each setting, and how often the two top 10s were identical. Several players can be one typo away
 * from what was typed (scale_058847 and scale_058848), so "first" counts the meant one only; ties sort by id.
 */
import { loadEnv } from "../lib/env";
import { numberOption } from "./lib";

loadEnv();
const { createElasticsearch } = await import("@/server/clients/elasticsearch");
const { createPostgresClients } = await import("@/server/clients/postgres");
const { readAlias } = await import("@/server/search/index-names.rules");
const { playerNameText, textQuery, typoExpansions } = await import("@/server/search/query.es");

const sampled = numberOption("names", 200);
const compare = numberOption("compare", 10);
const prefix = process.env.ELASTICSEARCH_INDEX_PREFIX || "bluemarble";
const es = createElasticsearch(process.env.ELASTICSEARCH_URL!.split(","));
const postgres = createPostgresClients(process.env.DATABASE_URL!, 2);

const swapped = (word: string) => word.slice(0, 2) + word[3] + word[2] + word.slice(4);
const dropped = (word: string) => word.slice(0, 3) + word.slice(4);

const targets = [
  {
    index: "players" as const,
    field: "names",
    id: "player_id",
    typed: playerNameText, // what the portal sends for a player search
    sql: `(SELECT username AS name, player_id AS id FROM game_data.players ORDER BY random() LIMIT $1)
          UNION ALL (SELECT name, player_id FROM game_data.characters WHERE deleted_at IS NULL ORDER BY random() LIMIT $1)`,
  },
  { index: "items" as const, field: "item_name", id: "item_id", typed: (text: string) => text, sql: "SELECT item_name AS name, item_id AS id FROM game_data.items_master ORDER BY random() LIMIT $1" },
];

try {
  console.log(`typo clause: ${typoExpansions} expansions (portal) vs ${compare}, top 10 by score`);
  for (const target of targets) {
    const { rows } = await postgres.pool.query<{ name: string; id: number }>(target.sql, [sampled]);
    const misspelt = rows
      .filter((row) => row.name.length >= 5)
      .flatMap((row) => [swapped(row.name.toLowerCase()), dropped(row.name.toLowerCase())].map((text) => ({ text, id: String(row.id) })));
    const top10 = async (text: string, expansions: number) =>
      (
        await es.search({ index: readAlias(prefix, target.index), size: 10, query: textQuery(target.typed(text), [target.field], expansions), sort: ["_score", { [target.id]: "asc" }], _source: false })
      ).hits.hits.map((hit) => hit._id);
    const tally = { identical: 0, first: [0, 0], inTop10: [0, 0] };
    for (const { text, id } of misspelt) {
      const answers = await Promise.all([top10(text, typoExpansions), top10(text, compare)]);
      if (answers[0]!.join() === answers[1]!.join()) tally.identical++;
      answers.forEach((answer, i) => {
        if (answer[0] === id) tally.first[i]!++;
        if (answer.includes(id)) tally.inTop10[i]!++;
      });
    }
    const share = (n: number) => `${n} (${((100 * n) / Math.max(1, misspelt.length)).toFixed(1)} %)`;
    console.log(
      `${target.index.padEnd(8)} ${misspelt.length} misspelt searches — the meant one first: ${share(tally.first[0]!)} with ${typoExpansions}, ` +
        `${share(tally.first[1]!)} with ${compare}; in the top 10: ${share(tally.inTop10[0]!)} / ${share(tally.inTop10[1]!)}; identical top 10: ${share(tally.identical)}`,
    );
  }
} finally {
  await es.close();
  await postgres.pool.end();
}
