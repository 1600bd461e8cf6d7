/**
 * Column lists of the game_data tables the seeders write, in the order the generators emit row tuples.
 * Generated columns (character_stats.attack_power, …) are never listed: they cannot be written.
 */
export const COLUMNS = {
  items_master: ["item_id", "item_name", "item_type", "rarity", "description", "base_value", "max_stack_size", "is_tradeable", "is_consumable", "required_level", "weight", "icon_url", "properties"],
  quests_master: ["quest_id", "quest_name", "description", "quest_type", "required_level", "prerequisites", "rewards", "objectives", "is_repeatable", "cooldown_seconds"],
  achievements_master: ["achievement_id", "achievement_name", "description", "category", "points", "icon_url", "criteria", "is_hidden"],
  players: ["player_id", "account_id", "username", "email", "password_hash", "created_at", "last_login", "total_playtime_seconds", "is_banned", "ban_reason", "ban_expires_at"],
  player_profiles: ["player_id", "display_name", "bio", "avatar_url", "preferred_language", "timezone", "privacy_settings", "achievement_points", "reputation_score", "updated_at"],
  staff_roles: ["player_id", "role", "granted_by", "granted_at"],
  player_bans: ["ban_id", "player_id", "reason", "expires_at", "banned_by", "banned_at", "lifted_by", "lifted_at", "lift_reason"],
  characters: ["character_id", "player_id", "name", "class", "level", "experience_points", "created_at", "last_played", "total_playtime_seconds", "is_active", "deleted_at"],
  character_stats: ["character_id", "health_current", "health_max", "mana_current", "mana_max", "stamina_current", "stamina_max", "strength", "agility", "intelligence", "vitality", "luck", "updated_at"],
  character_positions: ["character_id", "position_x", "position_y", "position_z", "rotation_yaw", "rotation_pitch", "zone_id", "instance_id", "updated_at"],
  character_currencies: ["character_id", "currency_type", "amount"],
  character_inventory: ["inventory_slot_id", "character_id", "item_id", "quantity", "slot_position", "is_equipped", "acquired_at", "durability_current", "durability_max", "enchantment_level", "custom_properties"],
  character_equipment: ["character_id", "equipment_slot", "inventory_slot_id", "equipped_at"],
  character_quests: ["character_quest_id", "character_id", "quest_id", "status", "started_at", "completed_at", "abandoned_at", "progress", "completion_count", "last_completed_at"],
  character_achievements: ["character_id", "achievement_id", "unlocked_at", "progress"],
  guilds: ["guild_id", "guild_name", "guild_tag", "leader_character_id", "description", "created_at", "level", "experience_points", "max_members", "guild_bank_gold", "banner_url", "is_recruiting"],
  guild_members: ["guild_id", "character_id", "rank", "joined_at", "contribution_points", "permissions"],
  friendships: ["friendship_id", "character_id_1", "character_id_2", "status", "requested_by", "requested_at", "accepted_at"],
  marketplace_listings: ["listing_id", "seller_character_id", "item_id", "quantity", "price_per_unit", "currency_type", "listed_at", "expires_at", "status", "buyer_character_id", "sold_at"],
  transactions: ["transaction_id", "transaction_type", "from_character_id", "to_character_id", "currency_type", "currency_amount", "item_id", "item_quantity", "transaction_status", "created_at", "completed_at", "metadata"],
  game_events: ["event_id", "event_type", "character_id", "event_data", "created_at", "severity"],
  // Tables of later migrations (0030 market, 0040 guilds) that the demo world fills so their screens have history.
  guild_activity: ["activity_id", "guild_id", "actor_character_id", "kind", "target_character_id", "details", "created_at"],
  guild_bank_ledger: ["entry_id", "guild_id", "character_id", "direction", "amount", "balance_after", "created_at"],
} as const satisfies Record<string, readonly string[]>;

export type TableName = keyof typeof COLUMNS;
/** One row as a tuple in COLUMNS order: JSON already stringified, timestamps as ISO strings. */
export type Row = unknown[];

/** Tables that take BIGSERIAL ids: the seeders write explicit ids and then move the sequence past them. */
export const SERIAL_IDS = {
  players: "player_id",
  characters: "character_id",
  character_inventory: "inventory_slot_id",
  character_quests: "character_quest_id",
  guilds: "guild_id",
  friendships: "friendship_id",
  marketplace_listings: "listing_id",
  transactions: "transaction_id",
  game_events: "event_id",
  player_bans: "ban_id",
  guild_activity: "activity_id",
  guild_bank_ledger: "entry_id",
} as const satisfies Partial<Record<TableName, string>>;
export type SerialTable = keyof typeof SERIAL_IDS;

/** Insert order that satisfies every foreign key. */
export const INSERT_ORDER: readonly TableName[] = [
  "items_master", "quests_master", "achievements_master",
  "players", "player_profiles", "staff_roles", "player_bans",
  "characters", "character_stats", "character_positions", "character_currencies",
  "character_inventory", "character_equipment", "character_quests", "character_achievements",
  "guilds", "guild_members", "guild_activity", "guild_bank_ledger", "friendships", "marketplace_listings", "transactions", "game_events",
];
