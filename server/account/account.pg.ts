import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import type { StaffRole } from "@/server/session";

/** What sign-in and the per-request session check need about one account. */
export interface AccountRow {
  playerId: number;
  username: string;
  isBanned: boolean;
  banReason: string | null;
  banExpiresAt: Date | null;
  role: StaffRole | null;
  /**
   * A fingerprint of the password hash (which carries a fresh salt each time the password is set). Sessions remember
   * the stamp they were signed in with; a password change changes it and so ends every other session.
   */
  credentialStamp: string;
}

export interface LoginRow extends AccountRow {
  passwordHash: string;
}

const accountColumns = `p.player_id AS "playerId", p.username, COALESCE(p.is_banned, FALSE) AS "isBanned",
  p.ban_reason AS "banReason", p.ban_expires_at AS "banExpiresAt", s.role, left(md5(p.password_hash), 16) AS "credentialStamp"`;

/** Looks an account up by exact username, or by email when the login contains "@" (both are unique-indexed). */
export async function findLoginAccount(pool: PgPool, login: string): Promise<LoginRow | null> {
  const column = login.includes("@") ? "p.email" : "p.username";
  const value = login.includes("@") ? login.toLowerCase() : login;
  const result = await pool.query<LoginRow>(
    `SELECT ${accountColumns}, p.password_hash AS "passwordHash"
       FROM game_data.players p LEFT JOIN game_data.staff_roles s ON s.player_id = p.player_id
      WHERE ${column} = $1`,
    [value],
  );
  return result.rows[0] ?? null;
}

/** The per-request re-check: one primary-key look-up joined to the staff role. */
export async function findAccountById(pool: PgPool, playerId: number): Promise<AccountRow | null> {
  const result = await pool.query<AccountRow>(
    `SELECT ${accountColumns} FROM game_data.players p LEFT JOIN game_data.staff_roles s ON s.player_id = p.player_id WHERE p.player_id = $1`,
    [playerId],
  );
  return result.rows[0] ?? null;
}

export async function findPasswordHash(pool: PgPool, playerId: number): Promise<{ username: string; passwordHash: string } | null> {
  const result = await pool.query<{ username: string; passwordHash: string }>(
    `SELECT username, password_hash AS "passwordHash" FROM game_data.players WHERE player_id = $1`,
    [playerId],
  );
  return result.rows[0] ?? null;
}

/** Which of the two unique values are already used (usernames compare case-insensitively so "Alice" cannot shadow "alice"). */
export async function findTakenIdentifiers(client: PoolClient, username: string, email: string): Promise<{ usernameTaken: boolean; emailTaken: boolean }> {
  const result = await client.query<{ usernameTaken: boolean; emailTaken: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM game_data.players WHERE username = $1 OR lower(username) = lower($1)) AS "usernameTaken",
            EXISTS (SELECT 1 FROM game_data.players WHERE email = $2) AS "emailTaken"`,
    [username, email],
  );
  return result.rows[0]!;
}

export interface NewPlayer {
  accountId: string;
  username: string;
  email: string;
  passwordHash: string;
}

/** Inserts the player and its profile row (privacy defaults spelled out, including show_achievements). */
export async function insertPlayerWithProfile(client: PoolClient, player: NewPlayer): Promise<{ playerId: number }> {
  const inserted = await client.query<{ playerId: number }>(
    `INSERT INTO game_data.players (account_id, username, email, password_hash, is_banned)
     VALUES ($1, $2, $3, $4, FALSE) RETURNING player_id AS "playerId"`,
    [player.accountId, player.username, player.email, player.passwordHash],
  );
  const playerId = inserted.rows[0]!.playerId;
  await client.query(
    `INSERT INTO game_data.player_profiles (player_id, display_name, preferred_language, privacy_settings)
     VALUES ($1, $2, 'en', '{"show_online": true, "allow_friend_requests": true, "show_achievements": true}'::jsonb)`,
    [playerId, player.username],
  );
  return { playerId };
}

export async function touchLastLogin(client: PoolClient, playerId: number): Promise<void> {
  await client.query("UPDATE game_data.players SET last_login = NOW() WHERE player_id = $1", [playerId]);
}

export async function updatePasswordHash(client: PoolClient, playerId: number, passwordHash: string): Promise<void> {
  await client.query("UPDATE game_data.players SET password_hash = $2 WHERE player_id = $1", [playerId, passwordHash]);
}
