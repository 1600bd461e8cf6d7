import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import type { StaffRole } from "@/server/session";

/**
 * SQL for bans: game_data.player_bans (the history) and players.is_banned / ban_reason / ban_expires_at (the current
 * state that sign-in and the per-request session check read). Writers run inside one withActorSql transaction and
 * lock the players rows first (by player_id), so two staff members banning the same player serialise.
 */

export interface BanTarget {
  playerId: number;
  username: string;
  role: StaffRole | null;
  /** True when a ban is in force now (is_banned and not yet expired). */
  banned: boolean;
}

/** Locks the named players' rows in id order; unknown ids are simply missing from the answer. */
export async function lockBanTargets(client: PoolClient, playerIds: number[]): Promise<BanTarget[]> {
  const { rows } = await client.query<BanTarget>(
    `SELECT p.player_id AS "playerId", p.username, s.role,
            (COALESCE(p.is_banned, FALSE) AND (p.ban_expires_at IS NULL OR p.ban_expires_at > now())) AS banned
       FROM game_data.players p LEFT JOIN game_data.staff_roles s ON s.player_id = p.player_id
      WHERE p.player_id = ANY($1::bigint[])
      ORDER BY p.player_id
      FOR UPDATE OF p`,
    [playerIds],
  );
  return rows;
}

/** Resolves ids, usernames (case-insensitive) and emails to player ids. Returns entry → id for the entries found. */
export async function resolvePlayerIdentifiers(client: PoolClient | PgPool, entries: string[]): Promise<Map<string, number>> {
  const ids = entries.filter((entry) => /^\d{1,15}$/.test(entry)).map(Number);
  const names = entries.filter((entry) => !/^\d{1,15}$/.test(entry)).map((entry) => entry.toLowerCase());
  const { rows } = await client.query<{ playerId: number; username: string; email: string }>(
    `SELECT player_id AS "playerId", username, email FROM game_data.players
      WHERE player_id = ANY($1::bigint[]) OR lower(username) = ANY($2::text[]) OR lower(email) = ANY($2::text[])`,
    [ids, names],
  );
  const found = new Map<string, number>();
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    const match = rows.find((row) => String(row.playerId) === entry || row.username.toLowerCase() === lower || row.email.toLowerCase() === lower);
    if (match) found.set(entry, match.playerId);
  }
  return found;
}

/**
 * Closes the bans in force for these players (history rows stay; they get who lifted them, when and why).
 * `exceptBanIds` keeps bans just inserted in the same transaction open (a new ban superseding the old one).
 */
export async function liftActiveBans(client: PoolClient, playerIds: number[], liftedBy: number, reason: string, exceptBanIds: number[] = []): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE game_data.player_bans SET lifted_at = now(), lifted_by = $2, lift_reason = $3
      WHERE player_id = ANY($1::bigint[]) AND NOT (ban_id = ANY($4::bigint[]))
        AND lifted_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [playerIds, liftedBy, reason, exceptBanIds],
  );
  return rowCount ?? 0;
}

export interface NewBan {
  reason: string;
  expiresAt: Date | null;
  bannedBy: number;
}

/** One history row per player plus the players' current-state columns, in the caller's transaction. */
export async function insertBans(client: PoolClient, playerIds: number[], ban: NewBan): Promise<{ banId: number; playerId: number }[]> {
  const { rows } = await client.query<{ banId: number; playerId: number }>(
    `INSERT INTO game_data.player_bans (player_id, reason, expires_at, banned_by)
     SELECT id, $2, $3, $4 FROM unnest($1::bigint[]) AS id
     RETURNING ban_id AS "banId", player_id AS "playerId"`,
    [playerIds, ban.reason, ban.expiresAt, ban.bannedBy],
  );
  await client.query(
    `UPDATE game_data.players SET is_banned = TRUE, ban_reason = $2, ban_expires_at = $3 WHERE player_id = ANY($1::bigint[])`,
    [playerIds, ban.reason, ban.expiresAt],
  );
  return rows;
}

export async function clearBanState(client: PoolClient, playerId: number): Promise<void> {
  await client.query(`UPDATE game_data.players SET is_banned = FALSE, ban_reason = NULL, ban_expires_at = NULL WHERE player_id = $1`, [playerId]);
}

export interface BanHistoryRow {
  banId: number;
  reason: string;
  bannedAt: Date;
  expiresAt: Date | null;
  bannedBy: number | null;
  bannedByUsername: string | null;
  liftedAt: Date | null;
  liftedBy: number | null;
  liftedByUsername: string | null;
  liftReason: string | null;
  state: "active" | "expired" | "lifted";
}

/** A player's bans, newest first (idx_player_bans_player). */
export async function banHistory(pool: PgPool | PoolClient, playerId: number, limit = 100): Promise<BanHistoryRow[]> {
  const { rows } = await pool.query<BanHistoryRow>(
    `SELECT b.ban_id AS "banId", b.reason, b.banned_at AS "bannedAt", b.expires_at AS "expiresAt",
            b.banned_by AS "bannedBy", sb.username AS "bannedByUsername",
            b.lifted_at AS "liftedAt", b.lifted_by AS "liftedBy", sl.username AS "liftedByUsername", b.lift_reason AS "liftReason",
            CASE WHEN b.lifted_at IS NOT NULL THEN 'lifted'
                 WHEN b.expires_at IS NOT NULL AND b.expires_at <= now() THEN 'expired'
                 ELSE 'active' END AS state
       FROM game_data.player_bans b
       LEFT JOIN game_data.players sb ON sb.player_id = b.banned_by
       LEFT JOIN game_data.players sl ON sl.player_id = b.lifted_by
      WHERE b.player_id = $1
      ORDER BY b.banned_at DESC, b.ban_id DESC
      LIMIT $2`,
    [playerId, limit],
  );
  return rows;
}
