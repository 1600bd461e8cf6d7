import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

/**
 * SQL for game_data.characters and the rows a character owns one of (stats, position, currencies).
 * Ownership is part of every WHERE clause: player_id = the signed-in player AND deleted_at IS NULL.
 */
type Queryable = PgPool | PoolClient;

export interface CharacterSummaryRow {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  experiencePoints: number;
  createdAt: Date;
  lastPlayed: Date | null;
  isActive: boolean;
  zoneId: number | null;
}

const summaryColumns = `
  c.character_id AS "characterId", c.name, c.class AS "characterClass", c.level,
  COALESCE(c.experience_points, 0) AS "experiencePoints", c.created_at AS "createdAt", c.last_played AS "lastPlayed",
  COALESCE(c.is_active, TRUE) AS "isActive"`;

/** The player's characters that are not deleted, oldest first. */
export async function listActiveCharacters(db: Queryable, playerId: number): Promise<CharacterSummaryRow[]> {
  const { rows } = await db.query<CharacterSummaryRow>(
    `SELECT ${summaryColumns}, cp.zone_id AS "zoneId"
       FROM game_data.characters c
       LEFT JOIN game_data.character_positions cp ON cp.character_id = c.character_id
      WHERE c.player_id = $1 AND c.deleted_at IS NULL
      ORDER BY c.created_at, c.character_id`,
    [playerId],
  );
  return rows;
}

/**
 * Locks the player's row so concurrent creations for the same player queue up behind each other:
 * the count that follows cannot be overtaken by another insert (the 10-character rule is race-safe).
 */
export async function lockPlayerRow(client: PoolClient, playerId: number): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM game_data.players WHERE player_id = $1 FOR UPDATE", [playerId]);
  return rowCount === 1;
}

export async function countActiveCharacters(client: PoolClient, playerId: number): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    "SELECT count(*)::int AS count FROM game_data.characters WHERE player_id = $1 AND deleted_at IS NULL",
    [playerId],
  );
  return rows[0]?.count ?? 0;
}

export interface NewCharacter {
  playerId: number;
  name: string;
  characterClass: string;
  stats: { healthMax: number; manaMax: number; staminaMax: number; strength: number; agility: number; intelligence: number; vitality: number; luck: number };
  position: { positionX: number; positionY: number; positionZ: number; zoneId: number };
  currencyTypes: readonly string[];
}

/** Inserts the character with its stats (current = max), position and zero currencies in one statement. */
export async function insertCharacter(client: PoolClient, character: NewCharacter): Promise<CharacterSummaryRow> {
  const { stats, position } = character;
  const { rows } = await client.query<CharacterSummaryRow>(
    `WITH c AS (
       INSERT INTO game_data.characters (player_id, name, class, level, experience_points, is_active)
       VALUES ($1, $2, $3, 1, 0, TRUE)
       RETURNING *
     ), s AS (
       INSERT INTO game_data.character_stats
         (character_id, health_current, health_max, mana_current, mana_max, stamina_current, stamina_max,
          strength, agility, intelligence, vitality, luck)
       SELECT character_id, $4, $4, $5, $5, $6, $6, $7, $8, $9, $10, $11 FROM c
     ), p AS (
       INSERT INTO game_data.character_positions (character_id, position_x, position_y, position_z, zone_id)
       SELECT character_id, $12, $13, $14, $15 FROM c
     ), m AS (
       INSERT INTO game_data.character_currencies (character_id, currency_type, amount)
       SELECT c.character_id, t.currency_type, 0 FROM c CROSS JOIN unnest($16::text[]) AS t(currency_type)
     )
     SELECT ${summaryColumns}, $15::int AS "zoneId" FROM c`,
    [
      character.playerId,
      character.name,
      character.characterClass,
      stats.healthMax,
      stats.manaMax,
      stats.staminaMax,
      stats.strength,
      stats.agility,
      stats.intelligence,
      stats.vitality,
      stats.luck,
      position.positionX,
      position.positionY,
      position.positionZ,
      position.zoneId,
      character.currencyTypes,
    ],
  );
  return rows[0]!;
}

/** Marks the character deleted (frees its name: unique_active_character_name only covers deleted_at IS NULL). */
export async function softDeleteCharacter(client: PoolClient, playerId: number, characterId: number): Promise<{ characterId: number; name: string } | null> {
  const { rows } = await client.query<{ characterId: number; name: string }>(
    `UPDATE game_data.characters SET deleted_at = now(), is_active = FALSE
      WHERE character_id = $1 AND player_id = $2 AND deleted_at IS NULL
      RETURNING character_id AS "characterId", name`,
    [characterId, playerId],
  );
  return rows[0] ?? null;
}

/** Locks the owned, live character row (FOR UPDATE), or returns null when it is not the player's. */
export async function lockOwnedCharacterForUpdate(client: PoolClient, playerId: number, characterId: number): Promise<boolean> {
  const { rowCount } = await client.query(
    "SELECT 1 FROM game_data.characters WHERE character_id = $1 AND player_id = $2 AND deleted_at IS NULL FOR UPDATE",
    [characterId, playerId],
  );
  return rowCount === 1;
}

/** The character's guild (if any) and whether it leads a guild (guilds.leader_character_id). */
export async function guildStanding(client: PoolClient, characterId: number): Promise<{ guildId: number | null; leadsAGuild: boolean }> {
  const { rows } = await client.query<{ guildId: number | null; leadsAGuild: boolean }>(
    `SELECT (SELECT gm.guild_id FROM game_data.guild_members gm WHERE gm.character_id = $1 LIMIT 1) AS "guildId",
            EXISTS (SELECT 1 FROM game_data.guilds g WHERE g.leader_character_id = $1) AS "leadsAGuild"`,
    [characterId],
  );
  return rows[0] ?? { guildId: null, leadsAGuild: false };
}

export interface CharacterHeaderRow extends CharacterSummaryRow {
  totalPlaytimeSeconds: number;
  healthCurrent: number | null;
  healthMax: number | null;
  manaCurrent: number | null;
  manaMax: number | null;
  staminaCurrent: number | null;
  staminaMax: number | null;
  strength: number | null;
  agility: number | null;
  intelligence: number | null;
  vitality: number | null;
  luck: number | null;
  attackPower: number | null;
  defenseRating: number | null;
  magicPower: number | null;
  /** DECIMAL(5,2) arrives as a string from pg. */
  criticalChance: string | null;
  positionX: number | null;
  positionY: number | null;
  positionZ: number | null;
  rotationYaw: number | null;
  rotationPitch: number | null;
  instanceId: string | null;
  gold: number | null;
  gems: number | null;
  pvpTokens: number | null;
  eventCurrency: number | null;
}

/**
 * The seed's "optimized character loading query" widened to the whole header: characters + stats + position +
 * the four currencies in one round trip, each join a primary-key look-up (a named statement: planned once per connection). LEFT JOINs (the seed uses INNER for stats
 * and position) so a character imported without a stats or position row still opens instead of vanishing.
 */
export async function loadCharacterHeader(db: Queryable, playerId: number, characterId: number): Promise<CharacterHeaderRow | null> {
  const { rows } = await db.query<CharacterHeaderRow>({
    name: "characters.load_header",
    text: `SELECT ${summaryColumns}, COALESCE(c.total_playtime_seconds, 0) AS "totalPlaytimeSeconds",
            cs.health_current AS "healthCurrent", cs.health_max AS "healthMax",
            cs.mana_current AS "manaCurrent", cs.mana_max AS "manaMax",
            cs.stamina_current AS "staminaCurrent", cs.stamina_max AS "staminaMax",
            cs.strength, cs.agility, cs.intelligence, cs.vitality, cs.luck,
            cs.attack_power AS "attackPower", cs.defense_rating AS "defenseRating",
            cs.magic_power AS "magicPower", cs.critical_chance AS "criticalChance",
            cp.position_x AS "positionX", cp.position_y AS "positionY", cp.position_z AS "positionZ",
            cp.rotation_yaw AS "rotationYaw", cp.rotation_pitch AS "rotationPitch",
            cp.zone_id AS "zoneId", cp.instance_id AS "instanceId",
            gold.amount AS gold, gems.amount AS gems, pvp.amount AS "pvpTokens", ev.amount AS "eventCurrency"
       FROM game_data.characters c
       LEFT JOIN game_data.character_stats cs ON cs.character_id = c.character_id
       LEFT JOIN game_data.character_positions cp ON cp.character_id = c.character_id
       LEFT JOIN game_data.character_currencies gold ON gold.character_id = c.character_id AND gold.currency_type = 'gold'
       LEFT JOIN game_data.character_currencies gems ON gems.character_id = c.character_id AND gems.currency_type = 'gems'
       LEFT JOIN game_data.character_currencies pvp ON pvp.character_id = c.character_id AND pvp.currency_type = 'pvp_tokens'
       LEFT JOIN game_data.character_currencies ev ON ev.character_id = c.character_id AND ev.currency_type = 'event_currency'
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL`,
    values: [characterId, playerId],
  });
  return rows[0] ?? null;
}
