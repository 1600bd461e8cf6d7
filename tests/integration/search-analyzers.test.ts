/**
 * Mapping and analyzer behaviour on the real Elasticsearch node: as-you-type prefixes, one-typo tolerance, exact
 * matches first, highlights as safe segments, facet counts, privacy filtering. Uses its own index prefix (no outbox).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { applyChanges } from "@/server/search/bulk.es";
import { deleteIndices, ensureIndex, indicesBehind } from "@/server/search/indices.es";
import { readAlias, searchIndices, writeAlias } from "@/server/search/index-names.rules";
import { searchGuildsEs, searchItemsEs, searchPlayersEs } from "@/server/search/query.es";

const engines = createTestEngines();
const prefix = `${engines.searchPrefix}_an${unique("").slice(-6)}`;
const es = engines.elasticsearch;
const options = { timeoutMs: 5_000 };

const items = [
  { item_id: 1, item_name: "Iron Sword", item_type: "weapon", rarity: "common" },
  { item_id: 2, item_name: "Iron Shield", item_type: "armor", rarity: "common" },
  { item_id: 3, item_name: "Glacier Warhammer", item_type: "weapon", rarity: "epic" },
  { item_id: 4, item_name: "Healing Potion", item_type: "consumable", rarity: "uncommon" },
  { item_id: 5, item_name: "Sword", item_type: "weapon", rarity: "rare" },
].map((doc) => ({ ...doc, description: null, required_level: 1, base_value: 0, is_tradeable: true, icon_url: null }));

beforeAll(async () => {
  for (const index of searchIndices) await ensureIndex(es, prefix, index);
  await applyChanges(es, [writeAlias(prefix, "items")], items.map((doc) => ({ id: doc.item_id, doc })));
  await applyChanges(es, [writeAlias(prefix, "guilds")], [
    { id: 10, doc: { guild_id: 10, guild_name: "Knights of the North", guild_tag: "KOTN", description: null, level: 3, experience_points: 10, max_members: 50, is_recruiting: true } },
    { id: 11, doc: { guild_id: 11, guild_name: "Northern Traders", guild_tag: "NT", description: null, level: 9, experience_points: 99, max_members: 50, is_recruiting: false } },
  ]);
  const player = (id: number, username: string, displayName: string | null, show: boolean, characterNames: string[] = []) => ({
    id,
    doc: { player_id: id, username, username_parts: username.replace(/[_-]/g, " "), display_name: displayName, character_names: characterNames, show_in_search: show, is_banned: false, created_at: new Date().toISOString() },
  });
  await applyChanges(es, [writeAlias(prefix, "players")], [
    player(20, "dark_knight", "Sir Dark", true),
    player(21, "shy_ghost", "Hidden One", false),
    player(22, "storm_rider", "Quiet Wind", true, ["Aelindra", "Borin Stonefist"]),
    // Character names are indexed with "_" as a space, as the document builder stores them (Xanis_039315a).
    player(23, "frost_mage", null, true, ["Xanis 039315a"]),
  ], { refresh: true });
  await es.indices.refresh({ index: `${prefix}_*` });
});

afterAll(async () => {
  const concrete = (await Promise.all(searchIndices.map((index) => indicesBehind(es, readAlias(prefix, index))))).flat();
  await deleteIndices(es, concrete);
  await engines.close();
});

const names = async (text: string) => (await searchItemsEs(es, prefix, { text, limit: 10 }, options)).hits.map((hit) => hit.itemName);
/** Usernames of the players a staff search finds, each with the names it matched on. */
const matched = async (text: string) => (await searchPlayersEs(es, prefix, { text, limit: 10, includeHidden: true }, options)).map((hit) => [hit.username, hit.matchedOn]);

describe("search mappings and analyzers", () => {
  it("creates the concrete index behind a read and a write alias", async () => {
    const read = await indicesBehind(es, readAlias(prefix, "items"));
    expect(read).toHaveLength(1);
    expect(read[0]).toMatch(new RegExp(`^${prefix}_items_v1_[0-9t]+z$`));
    expect((await indicesBehind(es, readAlias(prefix, "players")))[0]).toMatch(new RegExp(`^${prefix}_players_v2_[0-9t]+z$`));
    expect(await indicesBehind(es, writeAlias(prefix, "items"))).toEqual(read);
    // Listings v2: the index is sorted in the market's order, so a page can stop reading a segment early.
    const [listings] = await indicesBehind(es, readAlias(prefix, "listings"));
    expect(listings).toMatch(new RegExp(`^${prefix}_listings_v2_[0-9t]+z$`));
    const settings = await es.indices.getSettings({ index: listings! });
    expect(settings[listings!]!.settings!.index!.sort).toMatchObject({ field: ["price_per_unit", "listing_id"], order: ["asc", "asc"] });
  });

  it("matches words as they are typed (prefixes of every word)", async () => {
    expect(await names("iron sw")).toEqual(["Iron Sword"]);
    expect(await names("glac")).toEqual(["Glacier Warhammer"]);
    expect(await names("war")).toContain("Glacier Warhammer");
    expect((await names("ir")).sort()).toEqual(["Iron Shield", "Iron Sword"]);
  });

  it("tolerates one typo in a word, whole or half typed", async () => {
    expect(await names("Irno Sword")).toContain("Iron Sword");
    expect(await names("healng potion")).toEqual(["Healing Potion"]);
    expect(await names("glaicer")).toEqual(["Glacier Warhammer"]);
    expect(await names("xylophone")).toEqual([]);
  });

  it("ranks an exact name first", async () => {
    expect((await names("sword"))[0]).toBe("Sword");
  });

  it("returns highlights as text segments, never markup", async () => {
    const [hit] = (await searchItemsEs(es, prefix, { text: "glacier", limit: 1 }, options)).hits;
    expect(hit!.name).toEqual([{ text: "Glacier", hit: true }, { text: " Warhammer", hit: false }]);
  });

  it("counts facets over the text match and filters hits by them", async () => {
    const result = await searchItemsEs(es, prefix, { text: "sword", itemType: "weapon", rarity: "rare", limit: 10 }, options);
    expect(result.hits.map((hit) => hit.itemName)).toEqual(["Sword"]);
    expect(result.facets.rarity).toEqual(expect.arrayContaining([{ value: "rare", count: 1 }, { value: "common", count: 1 }]));
    expect(result.facets.itemType).toEqual([{ value: "weapon", count: 2 }]);
  });

  it("finds guilds by name or tag, recruiting filter applied", async () => {
    const all = await searchGuildsEs(es, prefix, { text: "north", recruitingOnly: false, limit: 10, offset: 0 }, options);
    expect(all.hits.map((hit) => hit.guildTag).sort()).toEqual(["KOTN", "NT"]);
    const recruiting = await searchGuildsEs(es, prefix, { text: "nort", recruitingOnly: true, limit: 10, offset: 0 }, options);
    expect(recruiting.hits.map((hit) => hit.guildTag)).toEqual(["KOTN"]);
    const byTag = await searchGuildsEs(es, prefix, { text: "kotn", recruitingOnly: false, limit: 10, offset: 0 }, options);
    expect(byTag.hits[0]!.guildTag).toBe("KOTN");
  });

  it("finds players by parts of an underscored username; hidden players only for staff", async () => {
    const publicHits = await searchPlayersEs(es, prefix, { text: "knight", limit: 10, includeHidden: false }, options);
    expect(publicHits.map((hit) => hit.username)).toEqual(["dark_knight"]);
    expect(await searchPlayersEs(es, prefix, { text: "ghost", limit: 10, includeHidden: false }, options)).toEqual([]);
    const staffHits = await searchPlayersEs(es, prefix, { text: "ghost", limit: 10, includeHidden: true }, options);
    expect(staffHits.map((hit) => hit.username)).toEqual(["shy_ghost"]);
    expect(staffHits[0]!.matchedOn).toContain("username");
  });

  it("finds players by display name and character names, typed in part or with a typo, and says which name matched", async () => {
    expect(await matched("quiet wi")).toEqual([["storm_rider", ["display_name"]]]);
    expect(await matched("aelind")).toEqual([["storm_rider", ["character"]]]);
    expect(await matched("stonefsit")).toEqual([["storm_rider", ["character"]]]);
    expect(await matched("storm")).toEqual([["storm_rider", ["username"]]]);
    expect(await matched("dark")).toEqual([["dark_knight", ["display_name", "username"]]]);
  });

  it("finds a character name typed as the game shows it, with its underscore: whole, in part and with a typo", async () => {
    expect(await matched("Xanis_039315a")).toEqual([["frost_mage", ["character"]]]);
    expect(await matched("xanis_0393")).toEqual([["frost_mage", ["character"]]]);
    expect(await matched("xains_039315a")).toEqual([["frost_mage", ["character"]]]);
    expect(await matched("frost_mage")).toEqual([["frost_mage", ["username"]]]);
    expect(await matched("frost-ma")).toEqual([["frost_mage", ["username"]]]);
  });
});
