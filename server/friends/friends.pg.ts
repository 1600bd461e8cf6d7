import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

/**
 * game_data.friendships stores each pair once, ordered (character_id_1 < character_id_2, CHECK valid_friendship);
 * requested_by is the character that asked (pending/accepted) or that blocked (blocked).
 * Every statement also checks, in its WHERE clause, that the acting character belongs to the signed-in player.
 */
export type FriendStatus = "pending" | "accepted" | "blocked";

export interface FriendshipRow {
  friendshipId: number;
  status: FriendStatus;
  requestedBy: number;
}

const pair = "character_id_1 = LEAST($1::bigint, $2::bigint) AND character_id_2 = GREATEST($1::bigint, $2::bigint)";
/** $1 = acting character, $3 = signed-in player. */
const actorOwned = "EXISTS (SELECT 1 FROM game_data.characters o WHERE o.character_id = $1 AND o.player_id = $3 AND o.deleted_at IS NULL)";

export async function findFriendship(pool: PgPool | PoolClient, characterId: number, otherCharacterId: number): Promise<FriendshipRow | null> {
  const result = await pool.query<FriendshipRow>(
    `SELECT friendship_id AS "friendshipId", status, requested_by AS "requestedBy" FROM game_data.friendships WHERE ${pair}`,
    [characterId, otherCharacterId],
  );
  return result.rows[0] ?? null;
}

/** Inserts a pending request unless the pair already has a row; true when inserted. */
export async function insertRequest(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO game_data.friendships (character_id_1, character_id_2, status, requested_by, requested_at)
     SELECT LEAST($1::bigint, $2::bigint), GREATEST($1::bigint, $2::bigint), 'pending', $1, NOW() WHERE ${actorOwned}
     ON CONFLICT (character_id_1, character_id_2) DO NOTHING`,
    [characterId, otherCharacterId, playerId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Accepts a pending request the other character sent; false when there is none. */
export async function acceptRequest(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `UPDATE game_data.friendships SET status = 'accepted', accepted_at = NOW()
      WHERE ${pair} AND status = 'pending' AND requested_by = $2 AND ${actorOwned}`,
    [characterId, otherCharacterId, playerId],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteIncomingRequest(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `DELETE FROM game_data.friendships WHERE ${pair} AND status = 'pending' AND requested_by = $2 AND ${actorOwned}`,
    [characterId, otherCharacterId, playerId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Ends a friendship, or withdraws a request this character sent. */
export async function deleteFriendOrOwnRequest(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `DELETE FROM game_data.friendships
      WHERE ${pair} AND (status = 'accepted' OR (status = 'pending' AND requested_by = $1)) AND ${actorOwned}`,
    [characterId, otherCharacterId, playerId],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * Blocks the other character, replacing any friendship or request. A block the other side already placed stays
 * theirs (otherwise blocking back and unblocking would lift their block). True when the pair is blocked afterwards.
 */
export async function upsertBlock(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `INSERT INTO game_data.friendships (character_id_1, character_id_2, status, requested_by, requested_at)
     SELECT LEAST($1::bigint, $2::bigint), GREATEST($1::bigint, $2::bigint), 'blocked', $1, NOW() WHERE ${actorOwned}
     ON CONFLICT (character_id_1, character_id_2) DO UPDATE
       SET status = 'blocked', requested_by = $1, requested_at = NOW(), accepted_at = NULL
       WHERE game_data.friendships.status <> 'blocked'
     RETURNING friendship_id`,
    [characterId, otherCharacterId, playerId],
  );
  if ((result.rowCount ?? 0) > 0) return true;
  const existing = await findFriendship(client, characterId, otherCharacterId);
  return existing?.status === "blocked";
}

export async function deleteOwnBlock(client: PoolClient, playerId: number, characterId: number, otherCharacterId: number): Promise<boolean> {
  const result = await client.query(
    `DELETE FROM game_data.friendships WHERE ${pair} AND status = 'blocked' AND requested_by = $1 AND ${actorOwned}`,
    [characterId, otherCharacterId, playerId],
  );
  return (result.rowCount ?? 0) > 0;
}

export interface FriendListRow {
  otherCharacterId: number;
  name: string;
  characterClass: string;
  level: number;
  username: string;
  showOnline: boolean;
  status: FriendStatus;
  requestedBy: number;
  requestedAt: Date | null;
  acceptedAt: Date | null;
}

/** Every relationship of one owned character, with the other side's card, in one query (both index directions). */
export async function listRelationships(pool: PgPool, playerId: number, characterId: number): Promise<FriendListRow[]> {
  const result = await pool.query<FriendListRow>(
    `SELECT c.character_id AS "otherCharacterId", c.name, c.class AS "characterClass", c.level, p.username,
            COALESCE((pp.privacy_settings ->> 'show_online')::boolean, TRUE) AS "showOnline",
            f.status, f.requested_by AS "requestedBy", f.requested_at AS "requestedAt", f.accepted_at AS "acceptedAt"
       FROM (SELECT character_id_2 AS other, status, requested_by, requested_at, accepted_at FROM game_data.friendships WHERE character_id_1 = $1
             UNION ALL
             SELECT character_id_1 AS other, status, requested_by, requested_at, accepted_at FROM game_data.friendships WHERE character_id_2 = $1) f
       JOIN game_data.characters c ON c.character_id = f.other AND c.deleted_at IS NULL
       JOIN game_data.players p ON p.player_id = c.player_id
       LEFT JOIN game_data.player_profiles pp ON pp.player_id = c.player_id
      WHERE EXISTS (SELECT 1 FROM game_data.characters o WHERE o.character_id = $1 AND o.player_id = $2 AND o.deleted_at IS NULL)
      ORDER BY c.name`,
    [characterId, playerId],
  );
  return result.rows;
}
