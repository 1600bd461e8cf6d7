/**
 * Every CHECK, UNIQUE, NOT NULL and FK rule of the seed (and of our additions): one valid row accepted, and for
 * each rule one row that breaks only that rule, rejected by that constraint's name (NOT NULL: by column).
 */
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { unique } from "@/tests/helpers/engines";
import {
  createPool, expectViolation, guildTag, inRollback, insert, itemId, makeCharacter, makeGuild, makeItem, makePlayer, stats,
  type Row, type Violation,
} from "./db";

interface Fixtures {
  player: string;
  player2: string;
  char1: string;
  char2: string;
  item: number;
  quest: number;
  achievement: number;
  guild: string;
  slot: string;
  /** An open trade_sessions row between char1 and char2 (0030). */
  trade: string;
}

async function fixtures(client: pg.ClientBase): Promise<Fixtures> {
  const player = (await makePlayer(client)).player_id as string;
  const player2 = (await makePlayer(client)).player_id as string;
  const char1 = (await makeCharacter(client, player)).character_id as string;
  const char2 = (await makeCharacter(client, player2)).character_id as string;
  const item = (await makeItem(client)).item_id as number;
  const quest = (await insert(client, "quests_master", { quest_id: itemId(), quest_name: "Q", quest_type: "main", objectives: "[]" })).quest_id as number;
  const achievement = (await insert(client, "achievements_master", { achievement_id: itemId(), achievement_name: "A", category: "combat", criteria: "{}" })).achievement_id as number;
  const guild = (await makeGuild(client, char2)).guild_id as string;
  const slot = (await insert(client, "character_inventory", { character_id: char1, item_id: item, slot_position: 0 })).inventory_slot_id as string;
  const trade = (await insert(client, "trade_sessions", { initiator_character_id: char1, partner_character_id: char2 })).trade_id as string;
  return { player, player2, char1, char2, item, quest, achievement, guild, slot, trade };
}

interface Case {
  name: string;
  violation: Violation;
  /** Changes to the base row. */
  row?: (f: Fixtures, base: Row) => Row;
  /** Runs first (e.g. inserts the base row so that a duplicate can follow); may return more changes. */
  setup?: (client: pg.ClientBase, f: Fixtures, base: Row) => Promise<Row | void>;
}

interface TableSpec {
  base: (f: Fixtures) => Row;
  cases: Case[];
  /** Rows that look close to a violation but are allowed (e.g. outside a partial unique index); each must be accepted. */
  accepts?: Array<Omit<Case, "violation">>;
}

const check = (constraint: string): Violation => ({ constraint, code: "23514" });
const uniqueKey = (constraint: string): Violation => ({ constraint, code: "23505" });
const fk = (constraint: string): Violation => ({ constraint, code: "23503" });
const notNull = (column: string): Case => ({ name: `${column} NOT NULL`, violation: { notNull: column }, row: () => ({ [column]: null }) });
const insertBaseFirst = (table: string) => async (client: pg.ClientBase, _f: Fixtures, base: Row) => {
  await insert(client, table, base);
};
const MISSING = "-1";

const tables: Record<string, TableSpec> = {
  players: {
    base: () => {
      const name = unique("u");
      return { username: name, email: `${name}@example.com`, password_hash: "h" };
    },
    cases: [
      notNull("player_id"),
      { name: "username_format", violation: check("username_format"), row: () => ({ username: "no spaces" }) },
      { name: "username_format (too short)", violation: check("username_format"), row: () => ({ username: "ab" }) },
      { name: "email_format", violation: check("email_format"), row: () => ({ email: "not-an-email" }) },
      { name: "username UNIQUE", violation: uniqueKey("players_username_key"), setup: insertBaseFirst("players"), row: (_f, b) => ({ email: `x${b.email}` }) },
      { name: "email UNIQUE", violation: uniqueKey("players_email_key"), setup: insertBaseFirst("players"), row: () => ({ username: unique("u") }) },
      {
        name: "account_id UNIQUE",
        violation: uniqueKey("players_account_id_key"),
        setup: async (client) => ({ account_id: (await makePlayer(client)).account_id }),
      },
      notNull("username"), notNull("email"), notNull("password_hash"), notNull("account_id"), notNull("created_at"),
    ],
  },
  player_profiles: {
    base: (f) => ({ player_id: f.player }),
    cases: [
      { name: "PK", violation: uniqueKey("player_profiles_pkey"), setup: insertBaseFirst("player_profiles") },
      { name: "player FK", violation: fk("player_profiles_player_id_fkey"), row: () => ({ player_id: MISSING }) },
      notNull("player_id"),
    ],
  },
  characters: {
    base: (f) => ({ player_id: f.player, name: unique("c"), class: "mage" }),
    cases: [
      notNull("character_id"),
      { name: "character_name_format", violation: check("character_name_format"), row: () => ({ name: "bad name!" }) },
      { name: "level_range (0)", violation: check("level_range"), row: () => ({ level: 0 }) },
      { name: "level_range (101)", violation: check("level_range"), row: () => ({ level: 101 }) },
      { name: "unique_active_character_name", violation: uniqueKey("unique_active_character_name"), setup: insertBaseFirst("characters") },
      { name: "fk_character_player", violation: fk("fk_character_player"), row: () => ({ player_id: MISSING }) },
      notNull("player_id"), notNull("name"), notNull("class"), notNull("level"), notNull("created_at"),
    ],
  },
  character_stats: {
    base: (f) => stats(f.char1),
    cases: [
      notNull("character_id"),
      ...["health_max", "mana_max", "stamina_max", "strength", "agility", "intelligence", "vitality", "luck"].map((column) => ({
        name: `positive_stats (${column} = 0)`,
        violation: check("positive_stats"),
        row: () => ({ [column]: 0 }),
      })),
      { name: "PK", violation: uniqueKey("character_stats_pkey"), setup: insertBaseFirst("character_stats") },
      { name: "character FK", violation: fk("character_stats_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      ...["health_current", "health_max", "mana_current", "mana_max", "stamina_current", "stamina_max"].map(notNull),
    ],
  },
  character_positions: {
    base: (f) => ({ character_id: f.char1, position_x: 1.5, position_y: -2.5, position_z: 3, zone_id: 7 }),
    cases: [
      notNull("character_id"),
      { name: "valid_coordinates (x)", violation: check("valid_coordinates"), row: () => ({ position_x: 20_000_001 }) },
      { name: "valid_coordinates (y)", violation: check("valid_coordinates"), row: () => ({ position_y: -10_000_001 }) },
      { name: "valid_coordinates (z)", violation: check("valid_coordinates"), row: () => ({ position_z: 10_000_001 }) },
      { name: "PK", violation: uniqueKey("character_positions_pkey"), setup: insertBaseFirst("character_positions") },
      { name: "character FK", violation: fk("character_positions_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("position_x"), notNull("position_y"), notNull("position_z"), notNull("zone_id"),
    ],
  },
  items_master: {
    base: () => ({ item_id: itemId(), item_name: "Sword", item_type: "weapon", rarity: "epic", properties: JSON.stringify({ damage: 50 }) }),
    cases: [
      { name: "valid_rarity", violation: check("valid_rarity"), row: () => ({ rarity: "shiny" }) },
      { name: "valid_item_type", violation: check("valid_item_type"), row: () => ({ item_type: "gizmo" }) },
      { name: "PK", violation: uniqueKey("items_master_pkey"), setup: insertBaseFirst("items_master") },
      notNull("item_id"), notNull("item_name"), notNull("item_type"), notNull("rarity"),
    ],
  },
  character_inventory: {
    base: (f) => ({ character_id: f.char1, item_id: f.item, slot_position: 1, quantity: 3 }),
    cases: [
      notNull("inventory_slot_id"),
      { name: "positive_quantity", violation: check("positive_quantity"), row: () => ({ quantity: 0 }) },
      { name: "valid_slot (-1)", violation: check("valid_slot"), row: () => ({ slot_position: -1 }) },
      { name: "valid_slot (200)", violation: check("valid_slot"), row: () => ({ slot_position: 200 }) },
      { name: "unique_equipped_slot", violation: uniqueKey("unique_equipped_slot"), row: () => ({ slot_position: 0 }) },
      { name: "fk_inventory_item", violation: fk("fk_inventory_item"), row: () => ({ item_id: -1 }) },
      { name: "character FK", violation: fk("character_inventory_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("character_id"), notNull("item_id"), notNull("quantity"), notNull("slot_position"),
    ],
  },
  character_equipment: {
    base: (f) => ({ character_id: f.char1, equipment_slot: "main_hand", inventory_slot_id: f.slot }),
    cases: [
      { name: "valid_equipment_slot", violation: check("valid_equipment_slot"), row: () => ({ equipment_slot: "tail" }) },
      { name: "PK", violation: uniqueKey("character_equipment_pkey"), setup: insertBaseFirst("character_equipment") },
      { name: "fk_equipment_inventory", violation: fk("fk_equipment_inventory"), row: () => ({ inventory_slot_id: MISSING }) },
      { name: "character FK", violation: fk("character_equipment_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("character_id"), notNull("equipment_slot"),
    ],
  },
  character_currencies: {
    base: (f) => ({ character_id: f.char1, currency_type: "gold", amount: 0 }),
    cases: [
      { name: "positive_currency", violation: check("positive_currency"), row: () => ({ amount: -1 }) },
      { name: "valid_currency_type", violation: check("valid_currency_type"), row: () => ({ currency_type: "bitcoin" }) },
      { name: "PK", violation: uniqueKey("character_currencies_pkey"), setup: insertBaseFirst("character_currencies") },
      { name: "character FK", violation: fk("character_currencies_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("character_id"), notNull("currency_type"), notNull("amount"),
    ],
  },
  transactions: {
    base: (f) => ({ transaction_type: "trade", from_character_id: f.char1, to_character_id: f.char2, item_id: f.item, item_quantity: 1, metadata: "{}" }),
    cases: [
      notNull("transaction_id"),
      { name: "valid_transaction_type", violation: check("valid_transaction_type"), row: () => ({ transaction_type: "gift" }) },
      { name: "valid_status", violation: check("valid_status"), row: () => ({ transaction_status: "lost" }) },
      { name: "from FK", violation: fk("transactions_from_character_id_fkey"), row: () => ({ from_character_id: MISSING }) },
      { name: "to FK", violation: fk("transactions_to_character_id_fkey"), row: () => ({ to_character_id: MISSING }) },
      { name: "item FK", violation: fk("transactions_item_id_fkey"), row: () => ({ item_id: -1 }) },
      {
        name: "unique_transaction_reversal (one reversal per original)",
        violation: uniqueKey("unique_transaction_reversal"),
        setup: async (client, _f, base) => {
          // An original no real reversal in the shared test database can point at.
          const original = String(9_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
          await insert(client, "transactions", { ...base, metadata: JSON.stringify({ reverses: original }) });
          return { metadata: JSON.stringify({ reverses: original, reason: "second attempt" }) };
        },
      },
      notNull("transaction_type"), notNull("transaction_status"),
    ],
  },
  marketplace_listings: {
    base: (f) => ({ seller_character_id: f.char1, item_id: f.item, quantity: 2, price_per_unit: 100, expires_at: new Date(Date.now() + 86_400_000) }),
    cases: [
      notNull("listing_id"),
      { name: "positive_price", violation: check("positive_price"), row: () => ({ price_per_unit: 0 }) },
      { name: "positive_quantity", violation: check("positive_quantity"), row: () => ({ quantity: 0 }) },
      { name: "valid_listing_status", violation: check("valid_listing_status"), row: () => ({ status: "gone" }) },
      { name: "seller FK", violation: fk("marketplace_listings_seller_character_id_fkey"), row: () => ({ seller_character_id: MISSING }) },
      { name: "buyer FK", violation: fk("marketplace_listings_buyer_character_id_fkey"), row: () => ({ buyer_character_id: MISSING }) },
      { name: "item FK", violation: fk("marketplace_listings_item_id_fkey"), row: () => ({ item_id: -1 }) },
      notNull("seller_character_id"), notNull("item_id"), notNull("quantity"), notNull("price_per_unit"), notNull("currency_type"), notNull("expires_at"),
    ],
  },
  guilds: {
    base: (f) => ({ guild_name: unique("Guild "), guild_tag: guildTag(), leader_character_id: f.char1 }),
    cases: [
      notNull("guild_id"),
      { name: "valid_guild_tag (lower case)", violation: check("valid_guild_tag"), row: () => ({ guild_tag: "abc" }) },
      { name: "valid_guild_tag (too short)", violation: check("valid_guild_tag"), row: () => ({ guild_tag: "A" }) },
      { name: "positive_members", violation: check("positive_members"), row: () => ({ max_members: 0 }) },
      { name: "guild_name UNIQUE", violation: uniqueKey("guilds_guild_name_key"), setup: insertBaseFirst("guilds"), row: () => ({ guild_tag: guildTag() }) },
      { name: "guild_tag UNIQUE", violation: uniqueKey("guilds_guild_tag_key"), setup: insertBaseFirst("guilds"), row: () => ({ guild_name: unique("Guild ") }) },
      { name: "leader FK", violation: fk("guilds_leader_character_id_fkey"), row: () => ({ leader_character_id: MISSING }) },
      // 0040: the seed's prose rules, now in SQL.
      { name: "non_negative_guild_bank", violation: check("non_negative_guild_bank"), row: () => ({ guild_bank_gold: -1 }) },
      { name: "guild_name_format (padded)", violation: check("guild_name_format"), row: () => ({ guild_name: ` ${unique("Guild ")} ` }) },
      { name: "guild_name_format (too short)", violation: check("guild_name_format"), row: () => ({ guild_name: "Ab" }) },
      { name: "guild_name_format (blank)", violation: check("guild_name_format"), row: () => ({ guild_name: "   " }) },
      {
        name: "unique_guild_name_ci (same name, other case)",
        violation: uniqueKey("unique_guild_name_ci"),
        setup: async (client, _f, base) => {
          await insert(client, "guilds", base);
          return { guild_name: String(base.guild_name).toUpperCase(), guild_tag: guildTag() };
        },
      },
      notNull("guild_name"), notNull("guild_tag"), notNull("leader_character_id"),
    ],
  },
  guild_members: {
    base: (f) => ({ guild_id: f.guild, character_id: f.char1, rank: "officer" }),
    cases: [
      { name: "valid_rank", violation: check("valid_rank"), row: () => ({ rank: "king" }) },
      { name: "PK", violation: uniqueKey("guild_members_pkey"), setup: insertBaseFirst("guild_members") },
      {
        name: "unique_guild_member_character (one guild per character)",
        violation: uniqueKey("unique_guild_member_character"),
        setup: async (client, f, base) => {
          await insert(client, "guild_members", base);
          return { guild_id: (await makeGuild(client, f.char1)).guild_id };
        },
      },
      { name: "guild FK", violation: fk("guild_members_guild_id_fkey"), row: () => ({ guild_id: MISSING }) },
      { name: "character FK", violation: fk("guild_members_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("guild_id"), notNull("character_id"), notNull("rank"),
    ],
  },
  friendships: {
    base: (f) => {
      const [low, high] = [f.char1, f.char2].sort((a, b) => Number(a) - Number(b));
      return { character_id_1: low, character_id_2: high, requested_by: high };
    },
    cases: [
      notNull("friendship_id"),
      { name: "valid_friendship (id_1 < id_2)", violation: check("valid_friendship"), row: (_f, b) => ({ character_id_1: b.character_id_2, character_id_2: b.character_id_1 }) },
      { name: "valid_friend_status", violation: check("valid_friend_status"), row: () => ({ status: "enemies" }) },
      { name: "valid_requester", violation: check("valid_requester"), row: () => ({ requested_by: MISSING }) },
      { name: "pair UNIQUE", violation: uniqueKey("friendships_character_id_1_character_id_2_key"), setup: insertBaseFirst("friendships") },
      { name: "character_1 FK", violation: fk("friendships_character_id_1_fkey"), row: (_f, b) => ({ character_id_1: MISSING, requested_by: b.character_id_2 }) },
      { name: "character_2 FK", violation: fk("friendships_character_id_2_fkey"), row: (_f, b) => ({ character_id_2: "9000000000000000000", requested_by: b.character_id_1 }) },
      notNull("character_id_1"), notNull("character_id_2"), notNull("status"), notNull("requested_by"),
    ],
  },
  quests_master: {
    base: () => ({ quest_id: itemId(), quest_name: "Goblins", quest_type: "side", objectives: JSON.stringify([{ type: "kill", target: "goblin", count: 10 }]) }),
    cases: [
      { name: "valid_quest_type", violation: check("valid_quest_type"), row: () => ({ quest_type: "epic" }) },
      { name: "PK", violation: uniqueKey("quests_master_pkey"), setup: insertBaseFirst("quests_master") },
      notNull("quest_id"), notNull("quest_name"), notNull("quest_type"), notNull("objectives"),
    ],
  },
  character_quests: {
    base: (f) => ({ character_id: f.char1, quest_id: f.quest }),
    cases: [
      notNull("character_quest_id"),
      { name: "valid_quest_status", violation: check("valid_quest_status"), row: () => ({ status: "paused" }) },
      { name: "character FK", violation: fk("character_quests_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      { name: "quest FK", violation: fk("character_quests_quest_id_fkey"), row: () => ({ quest_id: -1 }) },
      notNull("character_id"), notNull("quest_id"), notNull("status"),
    ],
  },
  achievements_master: {
    base: () => ({ achievement_id: itemId(), achievement_name: "First blood", category: "combat", criteria: "{}" }),
    cases: [
      { name: "positive_points", violation: check("positive_points"), row: () => ({ points: 0 }) },
      { name: "PK", violation: uniqueKey("achievements_master_pkey"), setup: insertBaseFirst("achievements_master") },
      notNull("achievement_id"), notNull("achievement_name"), notNull("category"), notNull("points"), notNull("criteria"),
    ],
  },
  character_achievements: {
    base: (f) => ({ character_id: f.char1, achievement_id: f.achievement }),
    cases: [
      { name: "PK", violation: uniqueKey("character_achievements_pkey"), setup: insertBaseFirst("character_achievements") },
      { name: "character FK", violation: fk("character_achievements_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      { name: "achievement FK", violation: fk("character_achievements_achievement_id_fkey"), row: () => ({ achievement_id: -1 }) },
      notNull("character_id"), notNull("achievement_id"),
    ],
  },
  game_events: {
    base: (f) => ({ event_type: "login", character_id: f.char1, event_data: JSON.stringify({ zone: 1 }) }),
    cases: [
      notNull("event_id"),
      { name: "valid_severity", violation: check("valid_severity"), row: () => ({ severity: "meh" }) },
      { name: "character FK", violation: fk("game_events_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("event_type"), notNull("event_data"), notNull("created_at"),
    ],
  },
  audit_log: {
    base: () => ({ table_name: "players", operation: "INSERT" }),
    cases: [notNull("audit_id"), notNull("table_name"), notNull("operation")],
  },
  staff_roles: {
    base: (f) => ({ player_id: f.player, role: "game_master", granted_by: f.player2 }),
    cases: [
      { name: "valid_staff_role", violation: check("valid_staff_role"), row: () => ({ role: "superuser" }) },
      { name: "PK", violation: uniqueKey("staff_roles_pkey"), setup: insertBaseFirst("staff_roles") },
      { name: "player FK", violation: fk("staff_roles_player_id_fkey"), row: () => ({ player_id: MISSING }) },
      { name: "granted_by FK", violation: fk("staff_roles_granted_by_fkey"), row: () => ({ granted_by: MISSING }) },
      notNull("player_id"), notNull("role"),
    ],
  },
  player_bans: {
    base: (f) => ({ player_id: f.player, reason: "botting", banned_by: f.player2, expires_at: new Date(Date.now() + 86_400_000) }),
    cases: [
      notNull("ban_id"),
      { name: "ban_reason_not_blank", violation: check("ban_reason_not_blank"), row: () => ({ reason: "   " }) },
      { name: "ban_expiry_after_start", violation: check("ban_expiry_after_start"), row: () => ({ expires_at: new Date(Date.now() - 86_400_000) }) },
      { name: "ban_lift_consistent", violation: check("ban_lift_consistent"), row: () => ({ lift_reason: "appeal accepted" }) },
      { name: "player FK", violation: fk("player_bans_player_id_fkey"), row: () => ({ player_id: MISSING }) },
      { name: "banned_by FK", violation: fk("player_bans_banned_by_fkey"), row: () => ({ banned_by: MISSING }) },
      { name: "lifted_by FK", violation: fk("player_bans_lifted_by_fkey"), row: () => ({ lifted_by: MISSING, lifted_at: new Date() }) },
      notNull("player_id"), notNull("reason"), notNull("banned_at"),
    ],
  },
  // Marketplace and direct trades (issue 6, migration 0030). market_fees, economy_ledger.character_id and the *_id columns of
  // market_idempotency_keys / market_mailbox that point at listings carry no FK on purpose (archive_old_data() moves
  // listings and transactions out; the fee history must survive it): there is nothing to violate there.
  market_fees: {
    base: (f) => ({ listing_id: 1, transaction_id: 2, seller_character_id: f.char1, currency_type: "gold", amount: 5 }),
    cases: [
      notNull("fee_id"),
      { name: "market_fee_positive (0)", violation: check("market_fee_positive"), row: () => ({ amount: 0 }) },
      { name: "market_fee_positive (negative)", violation: check("market_fee_positive"), row: () => ({ amount: -5 }) },
      { name: "market_fee_currency_type", violation: check("market_fee_currency_type"), row: () => ({ currency_type: "bitcoin" }) },
      notNull("listing_id"), notNull("seller_character_id"), notNull("currency_type"), notNull("amount"), notNull("created_at"),
    ],
  },
  market_idempotency_keys: {
    base: (f) => ({ character_id: f.char1, idempotency_key: unique("key-"), listing_id: 1, quantity: 1, result: JSON.stringify({ ok: true }) }),
    cases: [
      { name: "market_idempotency_key_format (too short)", violation: check("market_idempotency_key_format"), row: () => ({ idempotency_key: "abc1234" }) },
      { name: "market_idempotency_key_format (bad characters)", violation: check("market_idempotency_key_format"), row: () => ({ idempotency_key: "has spaces 1234" }) },
      { name: "market_idempotency_quantity_positive", violation: check("market_idempotency_quantity_positive"), row: () => ({ quantity: 0 }) },
      { name: "PK (same buyer, same key)", violation: uniqueKey("market_idempotency_keys_pkey"), setup: insertBaseFirst("market_idempotency_keys"), row: () => ({ listing_id: 2 }) },
      { name: "character FK", violation: fk("market_idempotency_keys_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("character_id"), notNull("idempotency_key"), notNull("listing_id"), notNull("quantity"), notNull("created_at"),
    ],
    accepts: [
      { name: "the same key for another buyer", setup: async (client, _f, base) => { await insert(client, "market_idempotency_keys", base); }, row: (f) => ({ character_id: f.char2 }) },
    ],
  },
  market_mailbox: {
    base: (f) => ({ character_id: f.char1, item_id: f.item, quantity: 2, listing_id: 1, reason: "expired" }),
    cases: [
      notNull("parcel_id"),
      { name: "market_mailbox_quantity_positive", violation: check("market_mailbox_quantity_positive"), row: () => ({ quantity: 0 }) },
      { name: "market_mailbox_reason", violation: check("market_mailbox_reason"), row: () => ({ reason: "sold" }) },
      { name: "character FK", violation: fk("market_mailbox_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      { name: "item FK", violation: fk("market_mailbox_item_id_fkey"), row: () => ({ item_id: -1 }) },
      notNull("character_id"), notNull("item_id"), notNull("quantity"), notNull("reason"), notNull("created_at"),
    ],
  },
  trade_sessions: {
    base: (f) => ({ initiator_character_id: f.char1, partner_character_id: f.char2 }),
    cases: [
      notNull("trade_id"),
      { name: "trade_distinct_parties", violation: check("trade_distinct_parties"), row: (f) => ({ partner_character_id: f.char1 }) },
      { name: "valid_trade_status", violation: check("valid_trade_status"), row: () => ({ status: "pending", closed_at: new Date() }) },
      { name: "trade_version_positive", violation: check("trade_version_positive"), row: () => ({ version: 0 }) },
      { name: "trade_closed_consistent (open but closed)", violation: check("trade_closed_consistent"), row: () => ({ closed_at: new Date() }) },
      { name: "trade_closed_consistent (completed, not closed)", violation: check("trade_closed_consistent"), row: () => ({ status: "completed" }) },
      { name: "initiator FK", violation: fk("trade_sessions_initiator_character_id_fkey"), row: () => ({ initiator_character_id: MISSING }) },
      { name: "partner FK", violation: fk("trade_sessions_partner_character_id_fkey"), row: () => ({ partner_character_id: MISSING }) },
      notNull("initiator_character_id"), notNull("partner_character_id"), notNull("status"), notNull("version"), notNull("created_at"), notNull("updated_at"),
    ],
    accepts: [{ name: "a completed, closed trade", row: () => ({ status: "completed", closed_at: new Date(), initiator_confirmed_version: 1, partner_confirmed_version: 1 }) }],
  },
  trade_offer_items: {
    base: (f) => ({ trade_id: f.trade, character_id: f.char1, inventory_slot_id: f.slot, item_id: f.item, quantity: 1 }),
    cases: [
      { name: "trade_offer_item_quantity_positive", violation: check("trade_offer_item_quantity_positive"), row: () => ({ quantity: 0 }) },
      { name: "PK (one offer per slot and trade)", violation: uniqueKey("trade_offer_items_pkey"), setup: insertBaseFirst("trade_offer_items"), row: () => ({ quantity: 2 }) },
      { name: "trade FK", violation: fk("trade_offer_items_trade_id_fkey"), row: () => ({ trade_id: MISSING }) },
      { name: "character FK", violation: fk("trade_offer_items_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      { name: "item FK", violation: fk("trade_offer_items_item_id_fkey"), row: () => ({ item_id: -1 }) },
      notNull("trade_id"), notNull("character_id"), notNull("inventory_slot_id"), notNull("item_id"), notNull("quantity"),
    ],
  },
  trade_offer_currencies: {
    base: (f) => ({ trade_id: f.trade, character_id: f.char1, currency_type: "gold", amount: 10 }),
    cases: [
      { name: "trade_offer_currency_positive", violation: check("trade_offer_currency_positive"), row: () => ({ amount: 0 }) },
      { name: "trade_offer_currency_type", violation: check("trade_offer_currency_type"), row: () => ({ currency_type: "bitcoin" }) },
      { name: "PK (one amount per party and currency)", violation: uniqueKey("trade_offer_currencies_pkey"), setup: insertBaseFirst("trade_offer_currencies"), row: () => ({ amount: 20 }) },
      { name: "trade FK", violation: fk("trade_offer_currencies_trade_id_fkey"), row: () => ({ trade_id: MISSING }) },
      { name: "character FK", violation: fk("trade_offer_currencies_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("trade_id"), notNull("character_id"), notNull("currency_type"), notNull("amount"),
    ],
  },
  economy_ledger: {
    base: (f) => ({ currency_type: "gold", amount: 100, source: "quest_reward", character_id: f.char1, note: "quest 1" }),
    cases: [
      notNull("entry_id"),
      { name: "economy_ledger_one_subject (currency and item)", violation: check("economy_ledger_one_subject"), row: (f) => ({ item_id: f.item }) },
      { name: "economy_ledger_one_subject (neither)", violation: check("economy_ledger_one_subject"), row: () => ({ currency_type: null }) },
      { name: "economy_ledger_amount_nonzero", violation: check("economy_ledger_amount_nonzero"), row: () => ({ amount: 0 }) },
      { name: "economy_ledger_currency_type", violation: check("economy_ledger_currency_type"), row: () => ({ currency_type: "bitcoin" }) },
      { name: "economy_ledger_source", violation: check("economy_ledger_source"), row: () => ({ source: "gift" }) },
      { name: "item FK (0080)", violation: fk("economy_ledger_item_id_fkey"), row: () => ({ currency_type: null, item_id: MISSING }) },
      notNull("amount"), notNull("source"), notNull("created_at"),
    ],
    accepts: [{ name: "items leaving the economy (negative amount, no currency)", row: (f) => ({ currency_type: null, item_id: f.item, amount: -3, source: "consumed" }) }],
  },
  economy_snapshots: {
    base: () => ({ totals: JSON.stringify({ currencies: { gold: 100 }, items: {} }) }),
    cases: [
      notNull("snapshot_id"),
      { name: "economy_snapshot_totals_shape (no items)", violation: check("economy_snapshot_totals_shape"), row: () => ({ totals: JSON.stringify({ currencies: {} }) }) },
      { name: "economy_snapshot_totals_shape (no currencies)", violation: check("economy_snapshot_totals_shape"), row: () => ({ totals: JSON.stringify({ items: {} }) }) },
      notNull("taken_at"), notNull("last_ledger_entry_id"), notNull("totals"),
    ],
  },
  // Guilds (issue 7, migration 0040).
  guild_join_requests: {
    base: (f) => ({ guild_id: f.guild, character_id: f.char1, kind: "application", created_by: f.char1 }),
    cases: [
      notNull("request_id"),
      { name: "valid_guild_request_kind", violation: check("valid_guild_request_kind"), row: () => ({ kind: "summons" }) },
      { name: "valid_guild_request_status", violation: check("valid_guild_request_status"), row: () => ({ status: "pending", decided_at: new Date() }) },
      { name: "guild_request_decision_consistent (open but decided)", violation: check("guild_request_decision_consistent"), row: () => ({ decided_at: new Date() }) },
      { name: "guild_request_decision_consistent (accepted, no decision time)", violation: check("guild_request_decision_consistent"), row: () => ({ status: "accepted" }) },
      { name: "guild_application_by_applicant", violation: check("guild_application_by_applicant"), row: (f) => ({ created_by: f.char2 }) },
      {
        name: "unique_open_guild_request (an invitation while an application is open)",
        violation: uniqueKey("unique_open_guild_request"),
        setup: insertBaseFirst("guild_join_requests"),
        row: (f) => ({ kind: "invitation", created_by: f.char2 }),
      },
      { name: "guild FK", violation: fk("guild_join_requests_guild_id_fkey"), row: () => ({ guild_id: MISSING }) },
      { name: "character FK", violation: fk("guild_join_requests_character_id_fkey"), row: (f) => ({ character_id: MISSING, kind: "invitation", created_by: f.char2 }) },
      { name: "created_by FK", violation: fk("guild_join_requests_created_by_fkey"), row: () => ({ kind: "invitation", created_by: MISSING }) },
      { name: "decided_by FK", violation: fk("guild_join_requests_decided_by_fkey"), row: () => ({ status: "declined", decided_at: new Date(), decided_by: MISSING }) },
      notNull("guild_id"), notNull("character_id"), notNull("kind"), notNull("status"), notNull("created_by"), notNull("created_at"),
    ],
    accepts: [
      {
        name: "a new request once the earlier one was decided",
        setup: async (client, f, base) => {
          await insert(client, "guild_join_requests", { ...base, status: "declined", decided_at: new Date(), decided_by: f.char2 });
        },
      },
      { name: "an invitation by a member", row: (f) => ({ kind: "invitation", created_by: f.char2 }) },
    ],
  },
  guild_bank_ledger: {
    base: (f) => ({ guild_id: f.guild, character_id: f.char2, direction: "deposit", amount: 100, balance_after: 100 }),
    cases: [
      notNull("entry_id"),
      { name: "valid_guild_bank_direction", violation: check("valid_guild_bank_direction"), row: () => ({ direction: "transfer" }) },
      { name: "positive_guild_bank_amount (0)", violation: check("positive_guild_bank_amount"), row: () => ({ amount: 0 }) },
      { name: "positive_guild_bank_amount (negative)", violation: check("positive_guild_bank_amount"), row: () => ({ amount: -100 }) },
      { name: "non_negative_guild_bank_balance", violation: check("non_negative_guild_bank_balance"), row: () => ({ direction: "withdraw", balance_after: -1 }) },
      { name: "guild FK", violation: fk("guild_bank_ledger_guild_id_fkey"), row: () => ({ guild_id: MISSING }) },
      { name: "character FK", violation: fk("guild_bank_ledger_character_id_fkey"), row: () => ({ character_id: MISSING }) },
      notNull("guild_id"), notNull("direction"), notNull("amount"), notNull("balance_after"), notNull("created_at"),
    ],
  },
  guild_activity: {
    base: (f) => ({ guild_id: f.guild, actor_character_id: f.char2, kind: "joined", target_character_id: f.char1, details: JSON.stringify({ rank: "member" }) }),
    cases: [
      notNull("activity_id"),
      { name: "valid_guild_activity_kind", violation: check("valid_guild_activity_kind"), row: () => ({ kind: "renamed" }) },
      { name: "guild FK", violation: fk("guild_activity_guild_id_fkey"), row: () => ({ guild_id: MISSING }) },
      { name: "actor FK", violation: fk("guild_activity_actor_character_id_fkey"), row: () => ({ actor_character_id: MISSING }) },
      { name: "target FK", violation: fk("guild_activity_target_character_id_fkey"), row: () => ({ target_character_id: MISSING }) },
      notNull("guild_id"), notNull("kind"), notNull("details"), notNull("created_at"),
    ],
  },
  // Search outbox (issue 8, migration 0060).
  search_outbox: {
    base: () => ({ entity: "item", entity_id: 1, op: "upsert" }),
    cases: [
      notNull("outbox_id"),
      { name: "valid_search_entity", violation: check("valid_search_entity"), row: () => ({ entity: "character" }) },
      { name: "valid_search_op", violation: check("valid_search_op"), row: () => ({ op: "insert" }) },
      { name: "search_outbox_attempts_non_negative", violation: check("search_outbox_attempts_non_negative"), row: () => ({ attempts: -1 }) },
      notNull("entity"), notNull("entity_id"), notNull("op"), notNull("txid"), notNull("created_at"), notNull("attempts"),
    ],
  },
};

describe("schema constraints", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  for (const [table, spec] of Object.entries(tables)) {
    describe(table, () => {
      it("accepts a valid row", async () => {
        await inRollback(pool, async (client) => {
          const f = await fixtures(client);
          const row = await insert(client, table, spec.base(f));
          expect(row).toBeTruthy();
        });
      });

      if (spec.accepts?.length) it.each(spec.accepts.map((c) => [c.name, c] as const))("also accepts: %s", async (_name, c) => {
        await inRollback(pool, async (client) => {
          const f = await fixtures(client);
          const base = spec.base(f);
          const extra = (await c.setup?.(client, f, base)) ?? {};
          const row = await insert(client, table, { ...base, ...extra, ...(c.row?.(f, base) ?? {}) });
          expect(row).toBeTruthy();
        });
      });

      it.each(spec.cases.map((c) => [c.name, c] as const))("rejects: %s", async (_name, c) => {
        await inRollback(pool, async (client) => {
          const f = await fixtures(client);
          const base = spec.base(f);
          const extra = (await c.setup?.(client, f, base)) ?? {};
          const row = { ...base, ...extra, ...(c.row?.(f, base) ?? {}) };
          await expectViolation(client, () => insert(client, table, row), c.violation);
        });
      });
    });
  }

  it("covers every CHECK and UNIQUE constraint (and unique index) in game_data", async () => {
    const named = new Set(
      Object.values(tables).flatMap((spec) => spec.cases.flatMap((c) => ("constraint" in c.violation ? [c.violation.constraint] : []))),
    );
    const result = await pool.query<{ name: string }>(`
      SELECT con.conname AS name
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = rel.relnamespace
       WHERE n.nspname = 'game_data' AND con.contype IN ('c', 'u', 'f')
         AND rel.relkind IN ('r', 'p') AND NOT rel.relispartition
         AND rel.relname NOT LIKE 'archived\\_%'
      UNION
      SELECT i.relname FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'game_data' AND x.indisunique AND NOT x.indisprimary
         AND NOT t.relispartition AND t.relname NOT LIKE 'archived\\_%'`);
    const missing = result.rows.map((r) => r.name).filter((name) => !named.has(name)).sort();
    expect(missing).toEqual([]);
  });

  it("covers every NOT NULL column in game_data", async () => {
    const tested = new Set(
      Object.entries(tables).flatMap(([table, spec]) =>
        spec.cases.flatMap((c) => ("notNull" in c.violation ? [`${table}.${c.violation.notNull}`] : [])),
      ),
    );
    const result = await pool.query<{ name: string }>(`
      SELECT c.table_name || '.' || c.column_name AS name
        FROM information_schema.columns c
        JOIN pg_class rel ON rel.relname = c.table_name
        JOIN pg_namespace n ON n.oid = rel.relnamespace AND n.nspname = c.table_schema
       WHERE c.table_schema = 'game_data' AND c.is_nullable = 'NO'
         AND rel.relkind IN ('r', 'p') AND NOT rel.relispartition
         AND c.table_name NOT LIKE 'archived\\_%'`);
    const missing = result.rows.map((r) => r.name).filter((name) => !tested.has(name)).sort();
    expect(missing).toEqual([]);
  });
});
