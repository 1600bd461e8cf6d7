/** The market's search mix and its benchmark buyers, shared by `bench:market` (in-process) and `bench:http`. */
import type pg from "pg";

export interface MarketTerms {
  words: string[];
  itemIds: number[];
}

export async function loadMarketTerms(pool: pg.Pool): Promise<MarketTerms> {
  const words = (await pool.query<{ word: string }>("SELECT DISTINCT lower(w) AS word FROM game_data.items_master, regexp_split_to_table(item_name, '\\s+') AS w WHERE length(w) >= 3")).rows.map((r) => r.word);
  const itemIds = (await pool.query<{ itemId: number }>("SELECT DISTINCT item_id AS \"itemId\" FROM game_data.marketplace_listings WHERE status = 'active'")).rows.map((r) => Number(r.itemId));
  return { words, itemIds };
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const types = ["weapon", "armor", "consumable", "material", "misc"] as const;
const rarities = ["common", "uncommon", "rare", "epic", "legendary"] as const;

export type MarketQuery =
  | { itemId: number; currencyType: "gold" }
  | { text: string; minLevel?: number; maxLevel?: number }
  | { itemType: (typeof types)[number]; rarity: (typeof rarities)[number]; minPrice: number; maxPrice: number };

/**
 * A first page as players ask for it: 35 % the seed's "listings of one item by price", 35 % item-name text typed in part,
 * 20 % a browse by type, rarity and price, 10 % whole-word text with a level range. Text goes to Elasticsearch, the rest
 * to PostgreSQL (docs/market.md).
 */
export function marketQuery(terms: MarketTerms): { kind: "text" | "browse"; query: MarketQuery } {
  const roll = Math.random();
  const query: MarketQuery =
    roll < 0.35
      ? { itemId: pick(terms.itemIds), currencyType: "gold" }
      : roll < 0.7
        ? { text: pick(terms.words).slice(0, 5) }
        : roll < 0.9
          ? { itemType: pick(types), rarity: pick(rarities), minPrice: 10, maxPrice: 5_000 }
          : { text: pick(terms.words), minLevel: 1, maxLevel: 60 };
  return { kind: "text" in query ? "text" : "browse", query };
}

export interface BenchBuyer {
  characterId: number;
  playerId: number;
  username: string;
}

/**
 * Buyer characters of distinct players, drawn at random (a 1 % sample of the players, a new one each run: the same
 * first buyers run after run grew their bags and made later runs slower), with fewer than 100 bag rows; small databases
 * (the demo) fall back to every player. `usernamePattern` narrows them (bench:http signs in as scale players, whose
 * password the seed knows). Each gets 10^9 gold: a bench-only grant, which is why the benches run on the scale data set.
 */
export async function prepareBuyers(pool: pg.Pool, count: number, usernamePattern = "%"): Promise<BenchBuyer[]> {
  const find = async (sample: string) =>
    (
      await pool.query<BenchBuyer>(
        `SELECT DISTINCT ON (c.player_id) c.character_id AS "characterId", c.player_id AS "playerId", p.username
           FROM game_data.characters c JOIN game_data.players p ON p.player_id = c.player_id
          WHERE c.deleted_at IS NULL AND p.is_banned = FALSE AND p.username LIKE $2
            AND (SELECT count(*) FROM game_data.character_inventory ci WHERE ci.character_id = c.character_id) < 100
            AND c.player_id IN (SELECT player_id FROM game_data.players ${sample})
          ORDER BY c.player_id, c.character_id
          LIMIT $1`,
        [count, usernamePattern],
      )
    ).rows.map((row) => ({ ...row, characterId: Number(row.characterId), playerId: Number(row.playerId) }));
  let buyers = await find(`TABLESAMPLE BERNOULLI (1) REPEATABLE (${Date.now() % 1_000_000})`);
  if (buyers.length < count) buyers = await find("");
  await pool.query(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) SELECT id, 'gold', 1000000000 FROM unnest($1::bigint[]) AS id
     ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = 1000000000`,
    [buyers.map((b) => b.characterId)],
  );
  return buyers;
}

/** Random active gold listings of stackable goods (bags do not fill up), not expiring soon, none of the buyers' own. */
export async function buyableListings(pool: pg.Pool, buyers: readonly BenchBuyer[], limit = 60_000, minutesLeft = 10): Promise<number[]> {
  const { rows } = await pool.query<{ listingId: number; seller: number }>(
    `SELECT ml.listing_id AS "listingId", ml.seller_character_id AS seller
       FROM game_data.marketplace_listings ml JOIN game_data.items_master im ON im.item_id = ml.item_id
      WHERE ml.status = 'active' AND ml.currency_type = 'gold' AND ml.expires_at > now() + make_interval(mins => $2) AND im.max_stack_size >= 20
      ORDER BY random() LIMIT $1`,
    [limit, minutesLeft],
  );
  const buyerIds = new Set(buyers.map((b) => b.characterId));
  return rows.filter((row) => !buyerIds.has(Number(row.seller))).map((row) => Number(row.listingId));
}

/** Every run buys thousands of units: vacuum first, as autovacuum would between busy periods (docs/benchmarks.md). */
export async function vacuumMarket(pool: pg.Pool): Promise<void> {
  await pool.query(
    "VACUUM (ANALYZE) game_data.audit_log, game_data.transactions, game_data.character_inventory, game_data.character_currencies, game_data.marketplace_listings, game_data.market_fees, game_data.market_idempotency_keys",
  );
}
