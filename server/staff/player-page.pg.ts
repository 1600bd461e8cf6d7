import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { CharacterSummaryRow } from "@/server/character/character.pg";
import type { StaffRole } from "@/server/session";

/**
 * Read-only SQL behind the staff player page: one query per section, batched over the player's characters.
 * Staff read every player's rows; there is no ownership filter here, the analyst tier guards the procedure.
 */

export interface StaffPlayerAccount {
  playerId: number;
  accountId: string;
  username: string;
  email: string;
  createdAt: Date;
  lastLogin: Date | null;
  totalPlaytimeSeconds: number;
  isBanned: boolean;
  banReason: string | null;
  banExpiresAt: Date | null;
  banned: boolean;
  role: StaffRole | null;
  displayName: string | null;
  bio: string | null;
  preferredLanguage: string | null;
  timezone: string | null;
  achievementPoints: number;
  reputationScore: number;
}

export async function findStaffPlayerAccount(pool: PgPool, playerId: number): Promise<StaffPlayerAccount | null> {
  const { rows } = await pool.query<StaffPlayerAccount>(
    `SELECT p.player_id AS "playerId", p.account_id AS "accountId", p.username, p.email, p.created_at AS "createdAt",
            p.last_login AS "lastLogin", COALESCE(p.total_playtime_seconds, 0) AS "totalPlaytimeSeconds",
            COALESCE(p.is_banned, FALSE) AS "isBanned", p.ban_reason AS "banReason", p.ban_expires_at AS "banExpiresAt",
            (COALESCE(p.is_banned, FALSE) AND (p.ban_expires_at IS NULL OR p.ban_expires_at > now())) AS banned,
            s.role, pp.display_name AS "displayName", pp.bio, pp.preferred_language AS "preferredLanguage", pp.timezone,
            COALESCE(pp.achievement_points, 0) AS "achievementPoints", COALESCE(pp.reputation_score, 0) AS "reputationScore"
       FROM game_data.players p
       LEFT JOIN game_data.staff_roles s ON s.player_id = p.player_id
       LEFT JOIN game_data.player_profiles pp ON pp.player_id = p.player_id
      WHERE p.player_id = $1`,
    [playerId],
  );
  return rows[0] ?? null;
}

/** The player page's character: the summary every character view shows (its zone is in `position`), plus what staff need. */
export interface StaffCharacter extends Omit<CharacterSummaryRow, "zoneId"> {
  deletedAt: Date | null;
  stats: {
    healthCurrent: number; healthMax: number; manaCurrent: number; manaMax: number; staminaCurrent: number; staminaMax: number;
    strength: number; agility: number; intelligence: number; vitality: number; luck: number;
    attackPower: number; defenseRating: number; magicPower: number; criticalChance: number;
  } | null;
  position: { x: number; y: number; z: number; zoneId: number; instanceId: string | null; updatedAt: Date | null } | null;
  guild: { guildId: number; guildName: string; guildTag: string; rank: string; joinedAt: Date | null } | null;
}

/** Every character of the player (deleted ones too: staff need to see them), with stats, position and guild. */
export async function findStaffCharacters(pool: PgPool, playerId: number): Promise<StaffCharacter[]> {
  const { rows } = await pool.query<StaffCharacter>(
    `SELECT c.character_id AS "characterId", c.name, c.class AS "characterClass", c.level, COALESCE(c.experience_points, 0) AS "experiencePoints",
            c.created_at AS "createdAt", c.last_played AS "lastPlayed", COALESCE(c.is_active, TRUE) AS "isActive", c.deleted_at AS "deletedAt",
            CASE WHEN cs.character_id IS NULL THEN NULL ELSE json_build_object(
              'healthCurrent', cs.health_current, 'healthMax', cs.health_max, 'manaCurrent', cs.mana_current, 'manaMax', cs.mana_max,
              'staminaCurrent', cs.stamina_current, 'staminaMax', cs.stamina_max, 'strength', cs.strength, 'agility', cs.agility,
              'intelligence', cs.intelligence, 'vitality', cs.vitality, 'luck', cs.luck, 'attackPower', cs.attack_power,
              'defenseRating', cs.defense_rating, 'magicPower', cs.magic_power, 'criticalChance', cs.critical_chance::float8) END AS stats,
            CASE WHEN cp.character_id IS NULL THEN NULL ELSE json_build_object(
              'x', cp.position_x, 'y', cp.position_y, 'z', cp.position_z, 'zoneId', cp.zone_id, 'instanceId', cp.instance_id,
              'updatedAt', cp.updated_at) END AS position,
            CASE WHEN g.guild_id IS NULL THEN NULL ELSE json_build_object(
              'guildId', g.guild_id, 'guildName', g.guild_name, 'guildTag', g.guild_tag, 'rank', gm.rank, 'joinedAt', gm.joined_at) END AS guild
       FROM game_data.characters c
       LEFT JOIN game_data.character_stats cs ON cs.character_id = c.character_id
       LEFT JOIN game_data.character_positions cp ON cp.character_id = c.character_id
       LEFT JOIN game_data.guild_members gm ON gm.character_id = c.character_id
       LEFT JOIN game_data.guilds g ON g.guild_id = gm.guild_id
      WHERE c.player_id = $1
      ORDER BY c.deleted_at NULLS FIRST, c.character_id`,
    [playerId],
  );
  // json_build_object turns timestamps into strings; bring the Dates back.
  for (const row of rows) {
    if (row.position?.updatedAt) row.position.updatedAt = new Date(row.position.updatedAt);
    if (row.guild?.joinedAt) row.guild.joinedAt = new Date(row.guild.joinedAt);
  }
  return rows;
}

export interface StaffCurrency {
  characterId: number;
  currencyType: string;
  amount: number;
}

export async function findCurrencies(pool: PgPool, characterIds: number[]): Promise<StaffCurrency[]> {
  const { rows } = await pool.query<StaffCurrency>(
    `SELECT character_id AS "characterId", currency_type AS "currencyType", amount
       FROM game_data.character_currencies WHERE character_id = ANY($1::bigint[]) ORDER BY character_id, currency_type`,
    [characterIds],
  );
  return rows;
}

export interface StaffInventorySlot {
  characterId: number;
  slotPosition: number;
  itemId: number;
  itemName: string;
  rarity: string;
  quantity: number;
  isEquipped: boolean;
  enchantmentLevel: number;
}

export async function findInventories(pool: PgPool, characterIds: number[]): Promise<StaffInventorySlot[]> {
  const { rows } = await pool.query<StaffInventorySlot>(
    `SELECT ci.character_id AS "characterId", ci.slot_position AS "slotPosition", ci.item_id AS "itemId", im.item_name AS "itemName",
            im.rarity, ci.quantity, COALESCE(ci.is_equipped, FALSE) AS "isEquipped", COALESCE(ci.enchantment_level, 0) AS "enchantmentLevel"
       FROM game_data.character_inventory ci JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE ci.character_id = ANY($1::bigint[]) ORDER BY ci.character_id, ci.slot_position`,
    [characterIds],
  );
  return rows;
}

export interface StaffFriend {
  characterId: number;
  friendCharacterId: number;
  friendName: string;
  friendPlayerId: number;
  status: string;
  since: Date | null;
}

export async function findFriends(pool: PgPool, characterIds: number[]): Promise<StaffFriend[]> {
  const { rows } = await pool.query<StaffFriend>(
    `SELECT x.character_id AS "characterId", o.character_id AS "friendCharacterId", o.name AS "friendName", o.player_id AS "friendPlayerId",
            x.status, COALESCE(x.accepted_at, x.requested_at) AS since
       FROM (SELECT character_id_1 AS character_id, character_id_2 AS other, status, accepted_at, requested_at
               FROM game_data.friendships WHERE character_id_1 = ANY($1::bigint[])
             UNION ALL
             SELECT character_id_2, character_id_1, status, accepted_at, requested_at
               FROM game_data.friendships WHERE character_id_2 = ANY($1::bigint[])) x
       JOIN game_data.characters o ON o.character_id = x.other
      ORDER BY x.character_id, o.name
      LIMIT 500`,
    [characterIds],
  );
  return rows;
}

export interface StaffAuditEntry {
  auditId: number;
  changeTimestamp: Date;
  tableName: string;
  operation: string;
  userId: number | null;
  actorUsername: string | null;
  /** "by" = the player did it; "about" = someone changed the player's own rows. */
  relation: "by" | "about";
}

/**
 * The player's audit trail: changes the player made (idx_audit_log_user_time) and changes to the player's own rows
 * (idx_audit_log_subject_player), newest first.
 */
export async function findPlayerAuditTrail(pool: PgPool, playerId: number, limit: number): Promise<StaffAuditEntry[]> {
  const { rows } = await pool.query<StaffAuditEntry>(
    `SELECT t.audit_id AS "auditId", t.change_timestamp AS "changeTimestamp", t.table_name AS "tableName", t.operation,
            t.user_id AS "userId", u.username AS "actorUsername", t.relation
       FROM ((SELECT audit_id, change_timestamp, table_name, operation, user_id, 'by' AS relation
                FROM game_data.audit_log WHERE user_id = $1 ORDER BY change_timestamp DESC LIMIT $2)
             UNION
             (SELECT audit_id, change_timestamp, table_name, operation, user_id, 'about'
                FROM game_data.audit_log
               WHERE (changed_data ->> 'player_id') = $1::text AND table_name IN ('players', 'player_bans', 'staff_roles', 'characters')
                 AND user_id IS DISTINCT FROM $1
               ORDER BY change_timestamp DESC LIMIT $2)) t
       LEFT JOIN game_data.players u ON u.player_id = t.user_id
      ORDER BY t.change_timestamp DESC, t.audit_id DESC
      LIMIT $2`,
    [playerId, limit],
  );
  return rows;
}
