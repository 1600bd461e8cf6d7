/**
 * Search against the real Elasticsearch node and the test database: the outbox (same transaction, drained in order,
 * nothing lost while Elasticsearch is down), reindex behind the alias while searches run, the degraded path, privacy,
 * and the market / guild / staff searches reading Elasticsearch first.
 *
 * "Elasticsearch down" is simulated with a client pointed at a closed port (127.0.0.1:9299): the shared node stays up
 * for everyone else. This is the only test file that drains the bluemarble_test outbox, and its tests run in order.
 */
process.env.SEARCH_READS = "elasticsearch";
// The shared 2-core machine can be slow; a timeout here would open the breaker and turn later answers degraded.
process.env.SEARCH_TIMEOUT_MS = "15000";

import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { createElasticsearch } from "@/server/clients/elasticsearch";
import { createCaller } from "@/server/app.router";
import { createInnerContext } from "@/server/context";
import type { Engines } from "@/server/engines";
import { registerAccount } from "@/server/account/auth.service";
import { backoffMs, drainAll, drainOnce, startWorkerLoop } from "@/server/search/outbox-worker.service";
import { reindex } from "@/server/search/reindex.service";
import { ensureIndex, indicesBehind } from "@/server/search/indices.es";
import { readAlias, searchIndices } from "@/server/search/index-names.rules";
import type { SessionUser } from "@/server/session";

const engines = createTestEngines();
const es = engines.elasticsearch;
const prefix = engines.searchPrefix;
/** The same engines with Elasticsearch unreachable. */
const downClient = createElasticsearch(["http://127.0.0.1:9299"]);
const down: Engines = { ...engines, elasticsearch: downClient };
const pool = engines.postgres.pool;

const anonymous = createCaller(createInnerContext({ engines }));
const caller = (session: SessionUser | null, e: Engines = engines) => createCaller(createInnerContext({ engines: e, session }));

async function refresh(): Promise<void> {
  await es.indices.refresh({ index: searchIndices.map((index) => readAlias(prefix, index)).join(",") });
}

async function sync(): Promise<void> {
  await drainAll(engines);
  await refresh();
}

async function makeItem(name: string, extra: { itemType?: string; rarity?: string } = {}): Promise<number> {
  const itemId = randomInt(100_000_000, 2_000_000_000);
  await pool.query(
    "INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size) VALUES ($1, $2, $3, $4, 20)",
    [itemId, name, extra.itemType ?? "material", extra.rarity ?? "common"],
  );
  return itemId;
}

async function makeCharacter(name = unique("sc")): Promise<{ playerId: number; characterId: number; username: string; name: string }> {
  const username = unique("sp");
  const player = await pool.query<{ id: number }>(
    "INSERT INTO game_data.players (username, email, password_hash) VALUES ($1, $2, '$argon2id$test') RETURNING player_id AS id",
    [username, `${username}@example.com`],
  );
  const character = await pool.query<{ id: number }>(
    "INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', 10) RETURNING character_id AS id",
    [player.rows[0]!.id, name],
  );
  return { playerId: player.rows[0]!.id, characterId: character.rows[0]!.id, username, name };
}

async function makeListing(characterId: number, itemId: number, price = 50, expiresIn = "1 day"): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO game_data.marketplace_listings (seller_character_id, item_id, quantity, price_per_unit, currency_type, expires_at, status)
     VALUES ($1, $2, 2, $3, 'gold', now() + $4::interval, 'active') RETURNING listing_id AS id`,
    [characterId, itemId, price, expiresIn],
  );
  return rows[0]!.id;
}

async function pendingRows(entity: string, entityId: number): Promise<{ processed: boolean; attempts: number; lastError: string | null }[]> {
  const { rows } = await pool.query<{ processed: boolean; attempts: number; lastError: string | null }>(
    `SELECT processed_at IS NOT NULL AS processed, attempts, last_error AS "lastError" FROM game_data.search_outbox
      WHERE entity = $1 AND entity_id = $2 ORDER BY outbox_id`,
    [entity, entityId],
  );
  return rows;
}

async function esDoc(index: "items" | "guilds" | "players" | "listings", id: number): Promise<Record<string, unknown> | null> {
  const result = await es.search<Record<string, unknown>>({ index: readAlias(prefix, index), query: { ids: { values: [String(id)] } } });
  return result.hits.hits[0]?._source ?? null;
}

const itemNames = async (q: string, e: Engines = engines) => {
  const result = await caller(null, e).search.global({ q });
  return { names: result.items.hits.map((hit) => hit.itemName), degraded: result.degraded };
};

beforeAll(async () => {
  for (const index of searchIndices) await ensureIndex(es, prefix, index);
  await sync();
}, 180_000);

afterAll(async () => {
  await downClient.close();
  await engines.close();
});

describe("search outbox", () => {
  it("writes the outbox row in the writer's transaction (a rollback leaves none)", async () => {
    const client = await pool.connect();
    const itemId = randomInt(100_000_000, 2_000_000_000);
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity) VALUES ($1, $2, 'misc', 'common')", [itemId, unique("Roll")]);
      const inside = await client.query("SELECT op FROM game_data.search_outbox WHERE entity = 'item' AND entity_id = $1", [itemId]);
      expect(inside.rows).toEqual([{ op: "upsert" }]);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await pendingRows("item", itemId)).toEqual([]);
  });

  it("makes a change searchable after a drain, and follows renames and deletes", async () => {
    const tag = unique("zeph");
    const itemId = await makeItem(`Zephyr ${tag}`);
    expect(await pendingRows("item", itemId)).toEqual([{ processed: false, attempts: 0, lastError: null }]);
    await sync();
    expect(await itemNames(tag)).toEqual({ names: [`Zephyr ${tag}`], degraded: false });
    expect((await pendingRows("item", itemId)).every((row) => row.processed)).toBe(true);

    await pool.query("UPDATE game_data.items_master SET item_name = $2 WHERE item_id = $1", [itemId, `Boreas ${tag}`]);
    await sync();
    expect((await itemNames(tag)).names).toEqual([`Boreas ${tag}`]);

    await pool.query("DELETE FROM game_data.items_master WHERE item_id = $1", [itemId]);
    await sync();
    expect((await itemNames(tag)).names).toEqual([]);
  });

  it("keeps every change while Elasticsearch is down and applies them all, latest state last, when it is back", async () => {
    const tag = unique("dn");
    const itemId = await makeItem(`Ember ${tag} one`);
    const seller = await makeCharacter();
    const listingId = await makeListing(seller.characterId, itemId);
    const account = await registerAccount(engines, { username: unique("dnp"), email: `${unique("dn")}@example.test`, password: "correct-horse-battery" });

    await expect(drainOnce(down)).rejects.toThrow();
    const failed = await pendingRows("item", itemId);
    expect(failed[0]!.processed).toBe(false);
    expect(failed[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(failed[0]!.lastError).toBeTruthy();

    // More changes while it is still down, each drain attempt failing.
    await pool.query("UPDATE game_data.items_master SET item_name = $2 WHERE item_id = $1", [itemId, `Ember ${tag} two`]);
    await expect(drainOnce(down)).rejects.toThrow();
    await pool.query("UPDATE game_data.items_master SET item_name = $2 WHERE item_id = $1", [itemId, `Ember ${tag} three`]);
    await pool.query("UPDATE game_data.marketplace_listings SET status = 'cancelled' WHERE listing_id = $1", [listingId]);
    await pool.query("UPDATE game_data.player_profiles SET display_name = $2 WHERE player_id = $1", [account.playerId, `Ember ${tag}`]);
    await pool.query("UPDATE game_data.characters SET name = $2 WHERE character_id = $1", [seller.characterId, unique("ren")]);
    await expect(drainOnce(down)).rejects.toThrow();
    expect((await pendingRows("item", itemId)).every((row) => !row.processed)).toBe(true);

    // Back up: one catch-up applies everything; the final state wins.
    await sync();
    expect(await esDoc("items", itemId)).toMatchObject({ item_name: `Ember ${tag} three` });
    expect(await esDoc("listings", listingId)).toBeNull();
    expect(await esDoc("players", account.playerId)).toMatchObject({ display_name: `Ember ${tag}`, username: account.username });
    for (const [entity, id] of [["item", itemId], ["listing", listingId], ["player", account.playerId], ["player", seller.playerId]] as const) {
      const rows = await pendingRows(entity, id);
      expect(rows.length, `${entity} ${id}`).toBeGreaterThan(0);
      expect(rows.every((row) => row.processed), `${entity} ${id}`).toBe(true);
    }
  });

  it("runs as a loop that wakes on NOTIFY and backs off exponentially after failures", async () => {
    expect([1, 2, 3, 4, 20].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 30_000]);
    const worker = startWorkerLoop(engines, { pollMs: 5_000, log: () => undefined });
    try {
      const tag = unique("lp");
      const itemId = await makeItem(`Loop ${tag}`);
      // Poll interval is 5 s: finding it sooner proves the NOTIFY wake-up.
      await expect.poll(async () => (await esDoc("items", itemId))?.item_name ?? null, { timeout: 4_000, interval: 100 }).toBe(`Loop ${tag}`);
      expect(worker.failures()).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});

describe("search reindex", () => {
  it("rebuilds behind the alias while searches run, and keeps changes made during the copy", async () => {
    const tag = unique("rx");
    await makeItem(`Known ${tag}`);
    await sync();
    const before = await indicesBehind(es, readAlias(prefix, "items"));
    let lateItem = 0;
    let searching = true;
    const answers: { names: string[]; degraded: boolean }[] = [];
    const searches = (async () => {
      while (searching) answers.push(await itemNames(`known ${tag}`));
    })();
    const report = await reindex(engines, "items", {
      pageSize: 500,
      afterCopy: async () => {
        lateItem = await makeItem(`Late ${tag}`); // committed after the snapshot, never drained by hand
      },
    });
    searching = false;
    await searches;

    expect(report.indexedCount).toBe(report.snapshotCount);
    expect(report.replayed).toBeGreaterThanOrEqual(1);
    expect(report.droppedIndices).toEqual(before);
    expect(await indicesBehind(es, readAlias(prefix, "items"))).toEqual([report.concreteIndex]);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toEqual({ names: [`Known ${tag}`], degraded: false });
    expect(await esDoc("items", lateItem)).toMatchObject({ item_name: `Late ${tag}` });
    expect((await pendingRows("item", lateItem)).every((row) => row.processed)).toBe(true);
  });
});

describe("degraded mode", () => {
  it("answers from PostgreSQL, marked degraded, and /api/health says so", async () => {
    const tag = unique("dg");
    await makeItem(`Frost ${tag}`, { itemType: "weapon", rarity: "rare" });
    const result = await caller(null, down).search.global({ q: `frost ${tag}` });
    expect(result.degraded).toBe(true);
    expect(result.items.hits.map((hit) => hit.itemName)).toEqual([`Frost ${tag}`]);
    expect(result.items.hits[0]!.name.filter((s) => s.hit).map((s) => s.text.toLowerCase())).toEqual(["frost", tag.toLowerCase()]);
    expect(result.items.facets.rarity).toEqual([{ value: "rare", count: 1 }]);

    const seller = await makeCharacter();
    const itemId = await makeItem(`Frostbite ${tag}`);
    await makeListing(seller.characterId, itemId);
    const market = await caller(null, down).market.search({ text: `frostbite ${tag}` });
    expect(market.source).toBe("postgres");
    expect(market.degraded).toBe(true);
    expect(market.listings.map((l) => l.itemName)).toEqual([`Frostbite ${tag}`]);

    const health = await caller(null, down).health.status();
    expect(health.search.degraded).toBe(true);
    expect(health.engines.elasticsearch.state).toBe("down");
    const healthy = await anonymous.health.status();
    expect(healthy.search.degraded).toBe(false);
    expect(healthy.search.outboxBacklog).toBeGreaterThanOrEqual(0);
  });
});

describe("search API", () => {
  it("hides players who opt out of search from everyone but staff, on both paths", async () => {
    const username = unique("hid");
    const account = await registerAccount(engines, { username, email: `${username}@example.test`, password: "correct-horse-battery" });
    const me: SessionUser = { playerId: account.playerId, username, roles: [] };
    // Through the profile form's procedure: "Show me in search" off.
    await caller(me).profile.update({
      displayName: null, bio: null, avatarUrl: null, preferredLanguage: "en", timezone: null,
      privacy: { showOnline: true, allowFriendRequests: true, showAchievements: true, showInSearch: false },
    });
    expect((await caller(me).profile.mine()).privacy.showInSearch).toBe(false);
    await sync();
    const analyst: SessionUser = { playerId: account.playerId, username, roles: ["analyst"] };
    for (const e of [engines, down]) {
      expect((await caller(null, e).search.global({ q: username })).players).toEqual([]);
      expect((await caller(analyst, e).search.global({ q: username })).players.map((p) => p.username)).toEqual([username]);
    }
    await pool.query(`UPDATE game_data.player_profiles SET privacy_settings = privacy_settings || '{"show_in_search": true}'::jsonb WHERE player_id = $1`, [account.playerId]);
    await sync();
    expect((await anonymous.search.global({ q: username })).players.map((p) => p.username)).toEqual([username]);
  });

  it("suggests items, guilds and players with highlights, and validates input", async () => {
    const tag = unique("sg");
    const itemId = await makeItem(`Quartz ${tag}`);
    await sync();
    const { suggestions, degraded } = await anonymous.search.suggest({ q: `quartz ${tag}` });
    expect(degraded).toBe(false);
    expect(suggestions.map((s) => [s.kind, s.id, s.href])).toEqual([["item", itemId, `/market/items/${itemId}`]]);
    expect(suggestions[0]!.label.some((segment) => segment.hit)).toBe(true);
    expect((await anonymous.search.suggest({ q: "" })).suggestions).toEqual([]);
    await expect(anonymous.search.global({ q: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("market search finds listings in Elasticsearch and reads their current rows from PostgreSQL", async () => {
    const tag = unique("mk");
    const itemId = await makeItem(`Opal ${tag}`, { itemType: "armor", rarity: "epic" });
    const seller = await makeCharacter();
    const cheap = await makeListing(seller.characterId, itemId, 10);
    const dear = await makeListing(seller.characterId, itemId, 90);
    await sync();
    const first = await anonymous.market.search({ text: `opal ${tag}`, itemType: "armor", rarity: "epic" });
    expect(first.source).toBe("elasticsearch");
    expect(first.degraded).toBe(false);
    expect(first.listings.map((l) => l.listingId)).toEqual([cheap, dear]);
    expect(first.listings[0]!.sellerName).toBe(seller.name);

    // Sold a moment ago and not drained yet: not offered any more. Partly bought a moment ago: the quantity left.
    await pool.query("UPDATE game_data.marketplace_listings SET status = 'sold' WHERE listing_id = $1", [cheap]);
    await pool.query("UPDATE game_data.marketplace_listings SET quantity = 1 WHERE listing_id = $1", [dear]);
    const second = await anonymous.market.search({ text: `opal ${tag}` });
    expect(second.source).toBe("elasticsearch");
    expect(second.listings.map((l) => [l.listingId, l.quantity, l.itemName, l.sellerName])).toEqual([[dear, 1, `Opal ${tag}`, seller.name]]);
  });

  it("a market page whose listings all sold before their rows were read still leads to the next page", async () => {
    const tag = unique("mn");
    const itemId = await makeItem(`Beryl ${tag}`);
    const seller = await makeCharacter();
    const cheapest = await makeListing(seller.characterId, itemId, 10);
    const next = await makeListing(seller.characterId, itemId, 20);
    await sync();
    // Sold after Elasticsearch indexed it, before the outbox drained: found there, gone from PostgreSQL.
    await pool.query("UPDATE game_data.marketplace_listings SET status = 'sold' WHERE listing_id = $1", [cheapest]);
    const first = await anonymous.market.search({ text: `beryl ${tag}`, limit: 1 });
    expect(first.source).toBe("elasticsearch");
    expect(first.listings).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = await anonymous.market.search({ text: `beryl ${tag}`, limit: 1, cursor: first.nextCursor! });
    expect(second.listings.map((l) => l.listingId)).toEqual([next]);
    expect(second.nextCursor).toBeNull();
  });

  it("market browsing without text reads PostgreSQL directly: current at once, and not reduced mode", async () => {
    const itemId = await makeItem(`Garnet ${unique("mb")}`);
    const seller = await makeCharacter();
    const listing = await makeListing(seller.characterId, itemId, 30); // not drained to Elasticsearch
    const page = await anonymous.market.search({ itemId, currencyType: "gold" });
    expect(page.source).toBe("postgres");
    expect(page.degraded).toBe(false);
    expect(page.listings.map((l) => l.listingId)).toEqual([listing]);
  });

  it("market search never offers a listing past its expiry, even before the expiry job has closed it", async () => {
    const tag = unique("mx");
    const itemId = await makeItem(`Jasper ${tag}`);
    const seller = await makeCharacter();
    const lapsed = await makeListing(seller.characterId, itemId, 10, "-1 second"); // still 'active': the job has not run
    const soon = await makeListing(seller.characterId, itemId, 20, "3 minutes");
    await sync();
    const found = await anonymous.market.search({ text: `jasper ${tag}` });
    expect(found.source).toBe("elasticsearch");
    expect(found.listings.map((l) => l.listingId)).toEqual([soon]);
    expect(found.listings.map((l) => l.listingId)).not.toContain(lapsed);
  });

  it("guild directory and staff player look-up read Elasticsearch first", async () => {
    const tag = unique("gd");
    const leader = await makeCharacter(`Warden_${tag}`);
    const guildTag = `G${randomInt(0, 36 ** 6).toString(36).toUpperCase().padStart(6, "0")}`;
    const guild = await pool.query<{ id: number }>(
      "INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id) VALUES ($1, $2, $3) RETURNING guild_id AS id",
      [`Lighthouse ${tag}`, guildTag, leader.characterId],
    );
    await sync();
    const directory = await anonymous.guild.directory({ query: `lighthose ${tag}` }); // one typo: only Elasticsearch finds it
    expect(directory.degraded).toBe(false);
    expect(directory.items.map((g) => g.guildId)).toEqual([guild.rows[0]!.id]);

    const analyst: SessionUser = { playerId: leader.playerId, username: leader.username, roles: ["analyst"] };
    const hits = await caller(analyst).staff.players.search({ query: `warden ${tag}` });
    expect(hits.map((h) => h.playerId)).toEqual([leader.playerId]);
    expect(hits[0]!.matchedOn).toContain("character");

    const degradedDirectory = await caller(null, down).guild.directory({ query: `lighthouse ${tag}` });
    expect(degradedDirectory.degraded).toBe(true);
    expect(degradedDirectory.items.map((g) => g.guildId)).toEqual([guild.rows[0]!.id]);
  });
});
