/**
 * Generates the demo world in memory (a few hundred players: small enough to hold whole) as row tuples per table.
 * Pure and deterministic: the same `now`, password hash and first ids always give the same rows.
 */
import { ACHIEVEMENTS, ITEMS, ITEMS_BY_ID, QUESTS, ZONES, type ItemDef } from "./catalogue";
import {
  DAY, characterName, currencyRows, drawLevel, experienceFor, inventoryRows, iso, json, positionRow, randomClass, statsRow, type CharacterClass,
} from "./character-gen";
import { DEMO_SEED, Random } from "./random";
import type { Row, SerialTable, TableName } from "./tables";

export const DEMO_PASSWORD = "bluemarble-demo";
export const DEMO_PLAYER_COUNT = 300;

export interface DemoAccount {
  username: string;
  role: "game_master" | "admin" | "analyst" | null;
  characters: { name: string; cls: CharacterClass; level: number; gold: number }[];
}

/** The fixed logins (password DEMO_PASSWORD). demo_player comes first: its presence marks a loaded demo world. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: "demo_player", role: null, characters: [
    { name: "Marina_Tidewell", cls: "warrior", level: 62, gold: 184_250 },
    { name: "Corin_Ashgrove", cls: "mage", level: 34, gold: 23_870 },
    { name: "Pip_Quickfoot", cls: "rogue", level: 12, gold: 1_240 },
  ] },
  { username: "demo_friend", role: null, characters: [
    { name: "Bryn_Stormward", cls: "engineer", level: 58, gold: 96_400 },
    { name: "Lyra_Fenwick", cls: "ranger", level: 27, gold: 8_150 },
  ] },
  { username: "demo_gm", role: "game_master", characters: [{ name: "GM_Thalia", cls: "cleric", level: 50, gold: 5_000 }] },
  { username: "demo_admin", role: "admin", characters: [{ name: "Admin_Oren", cls: "engineer", level: 20, gold: 1_000 }] },
  { username: "demo_analyst", role: "analyst", characters: [{ name: "Analyst_Vesna", cls: "ranger", level: 15, gold: 800 }] },
];

export type FirstIds = Record<SerialTable, number>;
export type DemoWorld = Record<TableName, Row[]>;

interface Character {
  id: number;
  playerIndex: number;
  name: string;
  cls: CharacterClass;
  level: number;
  createdMs: number;
  active: boolean;
  achievementIds: number[];
}

const userWords1 = ["silent", "iron", "storm", "lucky", "crimson", "frost", "shadow", "brave", "wild", "golden", "salty", "mossy", "swift", "night", "sunny", "grim", "tidal", "ember", "quiet", "clever"];
const userWords2 = ["otter", "fox", "raven", "wolf", "sailor", "badger", "falcon", "owl", "tortoise", "lynx", "whale", "heron", "drake", "moth", "hare", "pike", "crab", "boar", "wren", "seal"];
const languages = [["en", 50], ["de", 10], ["fr", 8], ["es", 8], ["pt-BR", 7], ["pl", 5], ["ja", 6], ["ko", 6]] as const;
const timezones = ["Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Warsaw", "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney", "UTC"];
const bios = ["Casual explorer. Ask me about fishing spots.", "Raider, crafter, occasional philosopher.", "Collecting every mount in the game.", "PvP only. No mercy, some manners.", "Looking for a relaxed guild in EU evenings.", "I sell Mithril at fair prices.", "Lore nerd. The First Tide was real."];
const guildNames: [string, string, string][] = [
  ["Wardens of the Blue", "BLUE", "Keepers of the coast, friends of every sailor."],
  ["Ember Covenant", "EMBR", "We walk through fire so you don't have to."],
  ["Frostmere Vanguard", "FROST", "First into the Reach, last out."],
  ["The Salt Merchants", "SALT", "Trade, craft, prosper. Market tips daily."],
  ["Order of the Rift", "RIFT", "Endgame raiding, three nights a week."],
  ["Thornwood Rangers", "THORN", "Hunters and trackers of the old forest."],
  ["Sunscar Nomads", "NOMAD", "We go where the caravans go."],
  ["Stormcrown Giants", "STORM", "Big guild. Bigger hearts."],
  ["Tidebreakers", "TIDE", "Naval PvP and island claims."],
  ["Ashen Choir", "ASH", "We sing for the dead of the Wastes."],
  ["Verdant Circle", "GROVE", "Druids, herbalists and the occasional bear."],
  ["Lighthouse Keepers", "LAMP", "Helping new players since launch."],
  ["Gilded Compass", "GOLD", "Explorers charting all twelve zones."],
  ["Night Owls", "OWLS", "Late-night crew, all time zones welcome."],
  ["Iron Abacus", "ABACUS", "Spreadsheets and swords."],
];
const vendors = ["Aldmoor General Goods", "Saltmarsh Fishmonger", "Emberfall Armory", "Frostmere Trading Post", "Sunscar Bazaar"];

export interface DemoWorldOptions {
  now: Date;
  passwordHash: string;
  firstIds: FirstIds;
}

export function generateDemoWorld(options: DemoWorldOptions): DemoWorld {
  const nowMs = options.now.getTime();
  const ago = (days: number) => nowMs - days * DAY;
  const ids = { ...options.firstIds };
  const nextId = (table: SerialTable) => ids[table]++;
  const world = Object.fromEntries(
    ["items_master", "quests_master", "achievements_master", "players", "player_profiles", "staff_roles", "player_bans", "characters", "character_stats",
      "character_positions", "character_currencies", "character_inventory", "character_equipment", "character_quests", "character_achievements", "guilds",
      "guild_members", "guild_activity", "guild_bank_ledger", "friendships", "marketplace_listings", "transactions", "game_events"].map((table) => [table, [] as Row[]]),
  ) as DemoWorld;

  // ---------------------------------------------------------------- catalogue
  for (const item of ITEMS) {
    world.items_master.push([item.item_id, item.item_name, item.item_type, item.rarity, item.description, item.base_value, item.max_stack_size,
      item.is_tradeable, item.is_consumable, item.required_level, item.weight, item.icon_url, json(item.properties)]);
  }
  for (const quest of QUESTS) {
    world.quests_master.push([quest.quest_id, quest.quest_name, quest.description, quest.quest_type, quest.required_level,
      quest.prerequisites === null ? null : json(quest.prerequisites), json(quest.rewards), json(quest.objectives), quest.is_repeatable, quest.cooldown_seconds]);
  }
  for (const a of ACHIEVEMENTS) {
    world.achievements_master.push([a.achievement_id, a.achievement_name, a.description, a.category, a.points, a.icon_url, json(a.criteria), a.is_hidden]);
  }

  // ---------------------------------------------------------------- players
  const rng = new Random(DEMO_SEED, 1);
  const usernames = new Set(DEMO_ACCOUNTS.map((account) => account.username));
  const playerIds: number[] = [];
  const playerCreatedMs: number[] = [];
  const playerNames: string[] = [];
  for (let index = 0; index < DEMO_PLAYER_COUNT; index += 1) {
    let username = DEMO_ACCOUNTS[index]?.username;
    while (!username) {
      const candidate = `${rng.pick(userWords1)}_${rng.pick(userWords2)}${rng.chance(0.6) ? rng.int(1, 999) : ""}`;
      if (!usernames.has(candidate)) {
        usernames.add(candidate);
        username = candidate;
      }
    }
    playerIds.push(nextId("players"));
    playerNames.push(username);
    playerCreatedMs.push(index < DEMO_ACCOUNTS.length ? ago(400 - index) : ago(rng.int(31, 730)) - rng.int(0, DAY));
  }

  // ---------------------------------------------------------------- characters
  const charRng = new Random(DEMO_SEED, 2);
  const taken = new Set<string>(DEMO_ACCOUNTS.flatMap((account) => account.characters.map((c) => c.name.toLowerCase())));
  const characters: Character[] = [];
  const playtimeByPlayer = new Array<number>(DEMO_PLAYER_COUNT).fill(0);
  const lastPlayedByPlayer = new Array<number>(DEMO_PLAYER_COUNT).fill(0);
  for (let playerIndex = 0; playerIndex < DEMO_PLAYER_COUNT; playerIndex += 1) {
    const fixed = DEMO_ACCOUNTS[playerIndex]?.characters;
    const count = fixed ? fixed.length : charRng.weighted([[1, 35], [2, 35], [3, 20], [4, 10]] as const);
    for (let c = 0; c < count; c += 1) {
      const demo = fixed?.[c];
      const cls = demo?.cls ?? randomClass(charRng);
      const level = demo?.level ?? drawLevel(charRng);
      const createdMs = playerCreatedMs[playerIndex]! + charRng.int(0, Math.max(1, Math.floor((nowMs - playerCreatedMs[playerIndex]!) / DAY) - 1)) * DAY / 2;
      const id = nextId("characters");
      const name = demo?.name ?? characterName(charRng, taken);
      const deleted = !demo && charRng.chance(0.02);
      const active = !deleted && (demo !== undefined || charRng.chance(0.95));
      const lastPlayedMs = demo ? ago(c * 2) - 3_600_000 * (c + 1) : charRng.chance(0.8) ? ago(charRng.float(0, 30)) : ago(charRng.float(30, 200));
      const playtime = level * charRng.int(1_800, 5_400);
      playtimeByPlayer[playerIndex]! += playtime;
      lastPlayedByPlayer[playerIndex] = Math.max(lastPlayedByPlayer[playerIndex]!, lastPlayedMs);
      world.characters.push([id, playerIds[playerIndex], name, cls, level, experienceFor(charRng, level), iso(createdMs), iso(Math.max(lastPlayedMs, createdMs)),
        playtime, active, deleted ? iso(ago(charRng.float(1, 60))) : null]);
      const updated = iso(Math.max(lastPlayedMs, createdMs));
      world.character_stats.push(statsRow(charRng, id, cls, level, updated));
      world.character_positions.push(positionRow(charRng, id, level, updated));
      world.character_currencies.push(...currencyRows(charRng, id, level, demo ? { gold: demo.gold, gems: 250, pvp_tokens: level * 10, event_currency: 120 } : {}));
      const bag = inventoryRows(charRng, {
        characterId: id, cls, level, firstSlotId: ids.character_inventory, extraRows: demo ? 22 : charRng.int(6, 30), createdAtMs: createdMs, nowMs, crafterName: name,
      });
      ids.character_inventory = bag.nextSlotId;
      world.character_inventory.push(...bag.inventory);
      world.character_equipment.push(...bag.equipment);
      characters.push({ id, playerIndex, name, cls, level, createdMs, active, achievementIds: [] });
    }
  }
  const activeCharacters = characters.filter((c) => c.active);

  // ---------------------------------------------------------------- quests & achievements
  const questRng = new Random(DEMO_SEED, 3);
  const mainQuests = QUESTS.filter((q) => q.quest_type === "main");
  const otherQuests = QUESTS.filter((q) => q.quest_type !== "main");
  // Units done per objective, keyed by the objective's index (server/character/quest-progress.rules.ts reads this shape).
  const progressOf = (objectives: readonly Record<string, unknown>[], done: boolean) =>
    Object.fromEntries(objectives.map((objective, index) => {
      const required = Number(objective.count ?? 1);
      return [String(index), done ? required : questRng.int(0, Math.max(0, required - 1))];
    }));
  const completedQuestRewards: { characterId: number; questId: number; atMs: number }[] = [];
  for (const character of characters) {
    const span = Math.max(DAY, nowMs - character.createdMs);
    const at = () => character.createdMs + Math.floor(questRng.next() * span);
    // Main story: completed in order while the level allows, then the next one in progress.
    const reachable = mainQuests.filter((q) => q.required_level <= character.level);
    reachable.forEach((quest, index) => {
      const last = index === reachable.length - 1 && questRng.chance(0.6);
      const started = at();
      const completedMs = Math.min(nowMs - 60_000, started + questRng.int(1, 72) * 3_600_000);
      if (!last) completedQuestRewards.push({ characterId: character.id, questId: quest.quest_id, atMs: completedMs });
      world.character_quests.push([nextId("character_quests"), character.id, quest.quest_id, last ? "in_progress" : "completed", iso(started),
        last ? null : iso(completedMs), null, json(progressOf(quest.objectives, !last)), last ? 0 : 1, last ? null : iso(completedMs)]);
    });
    const candidates = otherQuests.filter((q) => q.required_level <= character.level);
    for (const quest of questRng.sample(candidates, questRng.int(1, 7))) {
      const status = questRng.weighted([["completed", 55], ["in_progress", 30], ["abandoned", 11], ["failed", 4]] as const);
      const started = at();
      const completedMs = Math.min(nowMs - 60_000, started + questRng.int(1, 48) * 3_600_000);
      const repeats = quest.is_repeatable && status !== "abandoned" ? questRng.int(1, 40) : status === "completed" ? 1 : 0;
      const lastCompleted = repeats > 0 ? Math.max(completedMs, ago(questRng.float(0, 20))) : null;
      if (status === "completed") completedQuestRewards.push({ characterId: character.id, questId: quest.quest_id, atMs: lastCompleted ?? completedMs });
      world.character_quests.push([nextId("character_quests"), character.id, quest.quest_id, status, iso(started),
        status === "completed" ? iso(completedMs) : null, status === "abandoned" ? iso(completedMs) : null,
        json(progressOf(quest.objectives, status === "completed")), repeats, lastCompleted === null ? null : iso(lastCompleted)]);
    }
    for (const achievement of ACHIEVEMENTS) {
      const criteria = achievement.criteria as { type: string; value?: number };
      const earned = criteria.type === "level" ? character.level >= (criteria.value ?? 999) : questRng.chance(achievement.is_hidden ? 0.04 : 0.06 + character.level / 400);
      if (!earned) continue;
      character.achievementIds.push(achievement.achievement_id);
      world.character_achievements.push([character.id, achievement.achievement_id, iso(at()), json({ completed: true })]);
    }
  }

  // ---------------------------------------------------------------- players, profiles, staff, bans
  const socialRng = new Random(DEMO_SEED, 4);
  const points = new Map(ACHIEVEMENTS.map((a) => [a.achievement_id, a.points]));
  const bannedIndexes = new Set(socialRng.sample(Array.from({ length: DEMO_PLAYER_COUNT - 10 }, (_, i) => i + 10), 9));
  const banState = new Map<number, { reason: string; expiresMs: number | null; state: "active" | "lifted" | "expired" }>();
  const banReasons = ["Gold selling in public chat", "Speed hack detected by server checks", "Harassment of other players", "Exploiting the item duplication bug", "Botting (automated resource gathering)"];
  [...bannedIndexes].sort((a, b) => a - b).forEach((index, n) => {
    const state = n < 4 ? "active" : n < 7 ? "lifted" : "expired";
    banState.set(index, { reason: banReasons[n % banReasons.length]!, expiresMs: state === "active" ? (n % 2 === 0 ? null : ago(-14)) : ago(3), state });
  });
  const gmId = playerIds[2]!;
  const adminId = playerIds[3]!;
  for (let index = 0; index < DEMO_PLAYER_COUNT; index += 1) {
    const username = playerNames[index]!;
    const demo = index < DEMO_ACCOUNTS.length;
    const ban = banState.get(index);
    const banned = ban?.state === "active";
    const lastLogin = demo ? ago(0.5 + index * 0.1) : Math.max(lastPlayedByPlayer[index]!, playerCreatedMs[index]!);
    world.players.push([playerIds[index], socialRng.uuid(), username, demo ? `${username}@bluemarble.example` : `${username}@example.com`, options.passwordHash,
      iso(playerCreatedMs[index]!), iso(lastLogin), playtimeByPlayer[index]! + socialRng.int(0, 3_600), banned, banned ? ban!.reason : null,
      banned && ban!.expiresMs !== null ? iso(ban!.expiresMs) : null]);
    const own = characters.filter((c) => c.playerIndex === index);
    const achievementPoints = [...new Set(own.flatMap((c) => c.achievementIds))].reduce((sum, id) => sum + (points.get(id) ?? 0), 0);
    const displayName = demo ? username.replace("demo_", "Demo ").replace(/^./, (ch) => ch.toUpperCase()) : username.split("_").map((w) => w.replace(/^./, (ch) => ch.toUpperCase())).join(" ");
    world.player_profiles.push([playerIds[index], displayName, socialRng.chance(0.5) || demo ? socialRng.pick(bios) : null,
      socialRng.chance(0.7) ? `/avatars/${socialRng.int(1, 24)}.png` : null, demo ? "en" : socialRng.weighted(languages), socialRng.pick(timezones),
      json({ show_online: socialRng.chance(0.8), allow_friend_requests: socialRng.chance(0.9), show_achievements: socialRng.chance(0.85) }),
      achievementPoints, banned ? -socialRng.int(10, 200) : socialRng.int(0, 1_000), iso(lastLogin)]);
    if (ban) {
      const bannedAt = ban.state === "active" ? ago(socialRng.float(1, 10)) : ago(socialRng.float(15, 28));
      const lifted = ban.state === "lifted";
      world.player_bans.push([nextId("player_bans"), playerIds[index], ban.reason,
        ban.state === "expired" ? iso(bannedAt + 7 * DAY) : ban.expiresMs === null ? null : iso(ban.expiresMs), gmId, iso(bannedAt),
        lifted ? adminId : null, lifted ? iso(bannedAt + 2 * DAY) : null, lifted ? "Appeal accepted: first offence" : null]);
    }
  }
  DEMO_ACCOUNTS.forEach((account, index) => {
    if (account.role) world.staff_roles.push([playerIds[index], account.role, account.role === "admin" ? null : adminId, iso(ago(365 - index))]);
  });

  // ---------------------------------------------------------------- guilds
  const byName = new Map(characters.map((c) => [c.name, c]));
  const demoChar = (name: string) => byName.get(name)!;
  const bannedPlayer = (c: Character) => banState.get(c.playerIndex)?.state === "active";
  const eligible = socialRng.shuffle(activeCharacters.filter((c) => c.playerIndex >= DEMO_ACCOUNTS.length && !bannedPlayer(c)));
  const inGuild = new Set<number>();
  const leaders = [demoChar("Marina_Tidewell"), ...eligible.filter((c) => c.level >= 25).slice(0, guildNames.length - 1)];
  leaders.forEach((c) => inGuild.add(c.id));
  const fixedMembers: Record<number, [Character, string][]> = {
    0: [[demoChar("Bryn_Stormward"), "officer"]],
    1: [[demoChar("Corin_Ashgrove"), "member"]],
  };
  Object.values(fixedMembers).flat().forEach(([c]) => inGuild.add(c.id));
  let pool = eligible.filter((c) => !inGuild.has(c.id));
  const permissions = (rank: string) => json({ invite: rank !== "member" && rank !== "recruit", kick: rank === "leader" || rank === "officer", bank: rank === "leader" || rank === "officer" });
  guildNames.forEach(([guildName, tag, description], g) => {
    const guildId = nextId("guilds");
    const leader = leaders[g]!;
    const createdMs = Math.max(leader.createdMs, ago(socialRng.int(60, 600)));
    const level = socialRng.int(1, 25);
    const maxMembers = socialRng.pick([50, 50, 75, 100]);
    const bank = socialRng.int(0, 400) * 250;
    world.guilds.push([guildId, guildName, tag, leader.id, description, iso(createdMs), level, level * level * 5_000 + socialRng.int(0, 4_999), maxMembers,
      bank, `/banners/${tag.toLowerCase()}.png`, socialRng.chance(0.7)]);
    // The guild's history (0040): founded by the leader, members joining in time order, the bank filled by one deposit
    // so the ledger's balance_after agrees with guilds.guild_bank_gold.
    const activity: [number, number, string, number | null, Record<string, unknown>][] = [[createdMs, leader.id, "created", null, { guild_name: guildName, guild_tag: tag }]];
    world.guild_members.push([guildId, leader.id, "leader", iso(createdMs), socialRng.int(2_000, 20_000), permissions("leader")]);
    const size = g === 0 ? 24 : socialRng.int(4, 38);
    const members: [Character, string][] = [...(fixedMembers[g] ?? []), ...pool.slice(0, size).map((c, m): [Character, string] => [c,
      m < 2 ? "officer" : socialRng.weighted([["veteran", 25], ["member", 55], ["recruit", 20]] as const)])];
    pool = pool.slice(size);
    for (const [c, rank] of members) {
      const joinedMs = createdMs + Math.floor(socialRng.next() * (nowMs - DAY - createdMs));
      world.guild_members.push([guildId, c.id, rank, iso(joinedMs), socialRng.int(0, 5_000), permissions(rank)]);
      activity.push([joinedMs, c.id, "joined", c.id, { rank }]);
    }
    if (bank > 0) {
      const depositMs = createdMs + Math.floor((nowMs - createdMs) / 2);
      world.guild_bank_ledger.push([nextId("guild_bank_ledger"), guildId, leader.id, "deposit", bank, bank, iso(depositMs)]);
      activity.push([depositMs, leader.id, "deposit", null, { amount: bank }]);
    }
    activity.sort((a, b) => a[0] - b[0]);
    for (const [atMs, actor, kind, target, details] of activity) {
      world.guild_activity.push([nextId("guild_activity"), guildId, actor, kind, target, json(details), iso(atMs)]);
    }
  });

  // ---------------------------------------------------------------- friendships
  const pairs = new Set<string>();
  const friend = (a: Character, b: Character, status: "accepted" | "pending" | "blocked", requester: Character) => {
    if (a.id === b.id) return;
    const [low, high] = a.id < b.id ? [a, b] : [b, a];
    const key = `${low.id}:${high.id}`;
    if (pairs.has(key)) return;
    pairs.add(key);
    const requestedMs = Math.max(low.createdMs, high.createdMs) + socialRng.int(0, 20) * DAY / 4;
    const requested = Math.min(requestedMs, nowMs - DAY);
    world.friendships.push([nextId("friendships"), low.id, high.id, status, requester.id, iso(requested),
      status === "accepted" ? iso(Math.min(nowMs - 60_000, requested + socialRng.int(1, 48) * 3_600_000)) : null]);
  };
  friend(demoChar("Marina_Tidewell"), demoChar("Bryn_Stormward"), "accepted", demoChar("Marina_Tidewell"));
  friend(demoChar("Corin_Ashgrove"), demoChar("Lyra_Fenwick"), "accepted", demoChar("Lyra_Fenwick"));
  const strangers = activeCharacters.filter((c) => c.playerIndex >= DEMO_ACCOUNTS.length);
  friend(demoChar("Pip_Quickfoot"), strangers[7]!, "pending", strangers[7]!);
  friend(demoChar("Marina_Tidewell"), strangers[11]!, "pending", demoChar("Marina_Tidewell"));
  friend(demoChar("Marina_Tidewell"), strangers[13]!, "blocked", demoChar("Marina_Tidewell"));
  for (const c of [demoChar("Marina_Tidewell"), demoChar("Corin_Ashgrove"), demoChar("Bryn_Stormward")]) {
    for (const other of socialRng.sample(strangers, 5)) friend(c, other, "accepted", socialRng.chance(0.5) ? c : other);
  }
  for (let i = 0; i < 700; i += 1) {
    const a = socialRng.pick(activeCharacters);
    const b = socialRng.pick(activeCharacters);
    if (a.playerIndex === b.playerIndex) continue;
    friend(a, b, socialRng.weighted([["accepted", 72], ["pending", 20], ["blocked", 8]] as const), socialRng.chance(0.5) ? a : b);
  }

  // ---------------------------------------------------------------- marketplace
  const marketRng = new Random(DEMO_SEED, 5);
  const tradeable = ITEMS.filter((item) => item.is_tradeable);
  const sellers = activeCharacters.filter((c) => !bannedPlayer(c) && c.playerIndex >= DEMO_ACCOUNTS.length);
  const unitPrice = (item: ItemDef) => Math.max(1, Math.round(Math.max(item.base_value, 2) * marketRng.float(0.8, 1.6)));
  const quantityFor = (item: ItemDef) => (item.max_stack_size <= 1 ? 1 : marketRng.int(1, Math.min(item.max_stack_size, 50)));
  const purchases: { buyer: Character; seller: Character; item: ItemDef; quantity: number; price: number; listingId: number; atMs: number; currency: string }[] = [];
  const list = (seller: Character, status: "active" | "sold" | "expired" | "cancelled", item = marketRng.pick(tradeable)) => {
    const listingId = nextId("marketplace_listings");
    const quantity = quantityFor(item);
    const gems = marketRng.chance(0.06);
    const price = gems ? Math.max(1, Math.round(unitPrice(item) / 200)) : unitPrice(item);
    const currency = gems ? "gems" : "gold";
    const listedMs = status === "active" ? ago(marketRng.float(0, 6.5)) : status === "expired" ? ago(marketRng.float(8, 30)) : ago(marketRng.float(0.5, 30));
    const expiresMs = listedMs + 7 * DAY;
    let buyer: Character | null = null;
    let soldMs: number | null = null;
    if (status === "sold") {
      do buyer = marketRng.pick(activeCharacters); while (buyer.playerIndex === seller.playerIndex);
      soldMs = Math.min(nowMs - 60_000, listedMs + marketRng.float(0.01, 6) * DAY);
      purchases.push({ buyer, seller, item, quantity, price, listingId, atMs: soldMs, currency });
    }
    world.marketplace_listings.push([listingId, seller.id, item.item_id, quantity, price, currency, iso(listedMs), iso(expiresMs), status,
      buyer?.id ?? null, soldMs === null ? null : iso(soldMs)]);
  };
  const byItemName = (name: string) => ITEMS.find((item) => item.item_name === name)!;
  list(demoChar("Marina_Tidewell"), "active", byItemName("Mithril Ore"));
  list(demoChar("Marina_Tidewell"), "active", byItemName("Greater Health Potion"));
  list(demoChar("Pip_Quickfoot"), "active", byItemName("Rough Hide"));
  list(demoChar("Bryn_Stormward"), "active", byItemName("Steel Kite Shield"));
  list(demoChar("Bryn_Stormward"), "active", byItemName("Iron Ingot"));
  list(demoChar("Bryn_Stormward"), "active", byItemName("Sapphire"));
  list(demoChar("Lyra_Fenwick"), "active", byItemName("Silverleaf"));
  list(demoChar("Lyra_Fenwick"), "sold", byItemName("Oak Log"));
  list(demoChar("Marina_Tidewell"), "sold", byItemName("Ruby"));
  list(demoChar("Corin_Ashgrove"), "expired", byItemName("Silk Robe"));
  for (let i = 0; i < 420; i += 1) list(marketRng.pick(sellers), "active");
  for (let i = 0; i < 320; i += 1) list(marketRng.pick(sellers), "sold");
  for (let i = 0; i < 90; i += 1) list(marketRng.pick(sellers), "expired");
  for (let i = 0; i < 60; i += 1) list(marketRng.pick(sellers), "cancelled");

  // ---------------------------------------------------------------- transactions
  const tx = (type: string, from: Character | null, to: Character | null, currency: string | null, amount: number | null, item: ItemDef | null,
    quantity: number | null, atMs: number, metadata: Record<string, unknown>, status?: string) => {
    const s = status ?? marketRng.weighted([["completed", 90], ["pending", 4], ["cancelled", 3], ["failed", 3]] as const);
    world.transactions.push([nextId("transactions"), type, from?.id ?? null, to?.id ?? null, currency, amount, item?.item_id ?? null, quantity, s,
      iso(atMs), s === "completed" ? iso(atMs + marketRng.int(0, 2_000)) : null, json(metadata)]);
  };
  for (const p of purchases.sort((a, b) => a.listingId - b.listingId)) {
    tx("purchase", p.buyer, p.seller, p.currency, p.quantity * p.price, p.item, p.quantity, p.atMs, { listing_id: p.listingId, price_per_unit: p.price }, "completed");
  }
  const byId = new Map(characters.map((c) => [c.id, c]));
  for (const reward of completedQuestRewards.filter((r) => r.atMs >= ago(30)).sort((a, b) => a.atMs - b.atMs || a.characterId - b.characterId)) {
    const quest = QUESTS.find((q) => q.quest_id === reward.questId)!;
    const rewards = quest.rewards as { gold: number; items?: { item_id: number; quantity: number }[] };
    const rewardItem = rewards.items?.[0];
    tx("quest_reward", null, byId.get(reward.characterId)!, "gold", rewards.gold, rewardItem ? ITEMS_BY_ID.get(rewardItem.item_id)! : null, rewardItem?.quantity ?? null,
      reward.atMs, { quest_id: quest.quest_id, experience: (quest.rewards as { experience: number }).experience }, "completed");
  }
  const stackables = ITEMS.filter((item) => item.max_stack_size > 1 && item.is_tradeable);
  for (let i = 0; i < 2_200; i += 1) {
    const c = marketRng.pick(activeCharacters);
    const atMs = ago(marketRng.float(0, 30));
    const kind = marketRng.weighted([["drop", 30], ["sale", 20], ["craft", 15], ["trade", 20], ["mail", 10], ["auction", 5]] as const);
    if (kind === "drop") {
      const item = marketRng.pick(ITEMS);
      tx("drop", null, c, null, null, item, item.max_stack_size > 1 ? marketRng.int(1, Math.min(10, item.max_stack_size)) : 1, atMs,
        { source: marketRng.pick(["goblin", "thornwood_wolf", "ember_elemental", "storm_giant", "treasure_chest", "frost_wyrm"]), zone_id: marketRng.int(1, ZONES.length) });
    } else if (kind === "sale") {
      const item = marketRng.pick(stackables);
      const quantity = marketRng.int(1, Math.min(20, item.max_stack_size));
      tx("sale", c, null, "gold", Math.max(1, Math.round(item.base_value * 0.25)) * quantity, item, quantity, atMs, { vendor: marketRng.pick(vendors) });
    } else if (kind === "craft") {
      const item = marketRng.pick(ITEMS.filter((it) => it.item_type === "weapon" || it.item_type === "armor" || it.item_type === "consumable"));
      tx("craft", c, c, null, null, item, 1, atMs, { recipe: `craft_${item.item_id}`, station: marketRng.pick(["forge", "alchemy_table", "loom", "workbench"]) });
    } else {
      let other: Character;
      do other = marketRng.pick(activeCharacters); while (other.playerIndex === c.playerIndex);
      const suspicious = kind === "trade" && marketRng.chance(0.04);
      const item = kind === "mail" ? null : marketRng.pick(stackables);
      const amount = suspicious ? marketRng.int(1_000_000, 9_000_000) : marketRng.int(10, 20_000);
      tx(kind, c, other, "gold", amount, item, item ? marketRng.int(1, Math.min(20, item.max_stack_size)) : null, atMs,
        suspicious ? { flagged: true, reason: "unusually large transfer to a low-level character" } : kind === "mail" ? { subject: "Thanks for the help!" } : { channel: kind });
    }
  }

  // ---------------------------------------------------------------- game events
  const eventRng = new Random(DEMO_SEED, 6);
  const eventTypes = [
    ["debug", 10, ["client_heartbeat", "pathfinding_retry", "cache_miss"]],
    ["info", 70, ["login", "logout", "level_up", "quest_completed", "achievement_unlocked", "zone_entered", "item_crafted", "boss_killed", "pvp_kill", "death", "guild_joined"]],
    ["warning", 12, ["suspicious_trade", "chat_flagged", "rapid_currency_gain", "failed_login_burst", "latency_spike"]],
    ["error", 6, ["server_error", "transaction_failed", "inventory_desync"]],
    ["critical", 2, ["speed_hack_detected", "duplication_exploit_suspected", "shard_crash"]],
  ] as const;
  const systemEvents = new Set(["latency_spike", "shard_crash", "server_error", "cache_miss"]);
  const events: Row[] = [];
  for (let i = 0; i < 4_000; i += 1) {
    const [severity, , types] = eventRng.weighted(eventTypes.map((entry) => [entry, entry[1]] as const));
    const type = eventRng.pick(types);
    const c = systemEvents.has(type) ? null : eventRng.pick(characters);
    const zone = eventRng.int(1, ZONES.length);
    const data: Record<string, unknown> = { zone_id: zone, shard: `eu-${eventRng.int(1, 4)}` };
    if (type === "level_up" && c) data.new_level = c.level;
    if (type === "quest_completed") data.quest_id = eventRng.pick(QUESTS).quest_id;
    if (type === "achievement_unlocked") data.achievement_id = eventRng.pick(ACHIEVEMENTS).achievement_id;
    if (type === "boss_killed") data.boss = eventRng.pick(["frost_wyrm", "abyssal_herald", "vault_guardian", "eclipse_leviathan"]);
    if (type === "suspicious_trade" || type === "rapid_currency_gain") data.amount = eventRng.int(100_000, 5_000_000);
    if (type === "latency_spike") data.latency_ms = eventRng.int(400, 4_000);
    if (type === "server_error" || type === "transaction_failed") data.error = eventRng.pick(["timeout talking to inventory service", "deadlock detected", "connection reset"]);
    if (type === "speed_hack_detected") data.speed_mps = eventRng.int(40, 400);
    if (type === "login" || type === "failed_login_burst") data.ip = `203.0.113.${eventRng.int(1, 254)}`;
    events.push([0, type, c?.id ?? null, json(data), nowMs - Math.floor(eventRng.next() * 30 * DAY), severity]);
  }
  // In time order, so event ids grow with time as they would in production.
  events.sort((a, b) => (a[4] as number) - (b[4] as number));
  for (const event of events) {
    event[0] = nextId("game_events");
    event[4] = iso(event[4] as number);
    world.game_events.push(event);
  }
  return world;
}
