import "server-only";
import type { PgPool } from "@/server/clients/postgres";

/**
 * Character look-ups the portal's account-side features share (friends, presence, leaderboards, public profiles).
 * Ownership is part of every WHERE clause: player_id = the signed-in player and not soft-deleted.
 */
export interface OwnedCharacter {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  guildId: number | null;
}

const ownedColumns = `c.character_id AS "characterId", c.name, c.class AS "characterClass", c.level,
  (SELECT gm.guild_id FROM game_data.guild_members gm WHERE gm.character_id = c.character_id) AS "guildId"`;

export async function findOwnedCharacter(pool: PgPool, playerId: number, characterId: number): Promise<OwnedCharacter | null> {
  const result = await pool.query<OwnedCharacter>(
    `SELECT ${ownedColumns} FROM game_data.characters c WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL`,
    [characterId, playerId],
  );
  return result.rows[0] ?? null;
}

export async function listOwnedCharacters(pool: PgPool, playerId: number): Promise<OwnedCharacter[]> {
  const result = await pool.query<OwnedCharacter>(
    `SELECT ${ownedColumns} FROM game_data.characters c WHERE c.player_id = $1 AND c.deleted_at IS NULL ORDER BY c.level DESC, c.name`,
    [playerId],
  );
  return result.rows;
}

export interface CharacterCard {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  username: string;
  showOnline: boolean;
}

/** One batched query for many ids (leaderboards, friend lists); deleted characters are left out. */
export async function characterCards(pool: PgPool, characterIds: number[]): Promise<Map<number, CharacterCard>> {
  const cards = new Map<number, CharacterCard>();
  if (characterIds.length === 0) return cards;
  const result = await pool.query<CharacterCard>(
    `SELECT c.character_id AS "characterId", c.name, c.class AS "characterClass", c.level, p.username,
            COALESCE((pp.privacy_settings ->> 'show_online')::boolean, TRUE) AS "showOnline"
       FROM game_data.characters c
       JOIN game_data.players p ON p.player_id = c.player_id
       LEFT JOIN game_data.player_profiles pp ON pp.player_id = c.player_id
      WHERE c.character_id = ANY($1::bigint[]) AND c.deleted_at IS NULL`,
    [characterIds],
  );
  for (const row of result.rows) cards.set(row.characterId, row);
  return cards;
}

export interface FriendTarget {
  characterId: number;
  name: string;
  playerId: number;
  allowFriendRequests: boolean;
}

export async function findCharacterByName(pool: PgPool, name: string): Promise<FriendTarget | null> {
  const result = await pool.query<FriendTarget>(
    `SELECT c.character_id AS "characterId", c.name, c.player_id AS "playerId",
            COALESCE((pp.privacy_settings ->> 'allow_friend_requests')::boolean, TRUE) AS "allowFriendRequests"
       FROM game_data.characters c LEFT JOIN game_data.player_profiles pp ON pp.player_id = c.player_id
      WHERE c.name = $1 AND c.deleted_at IS NULL`,
    [name],
  );
  return result.rows[0] ?? null;
}

export async function liveCharacterExists(pool: PgPool, characterId: number): Promise<boolean> {
  const result = await pool.query("SELECT 1 FROM game_data.characters WHERE character_id = $1 AND deleted_at IS NULL", [characterId]);
  return (result.rowCount ?? 0) > 0;
}
