import type { Engines } from "@/server/engines";
import { createCaller } from "@/server/app.router";
import { createInnerContext } from "@/server/context";
import { checkSessionAccount, registerAccount, type SessionCheck } from "@/server/account/auth.service";
import type { SessionUser } from "@/server/session";
import { unique } from "@/tests/helpers/engines";

export const testPassword = "correct-horse-battery";

/** Registers a fresh account through the real service; returns its session and a signed-in caller. */
export async function newPlayer(engines: Engines, prefix = "p"): Promise<{ session: SessionUser; caller: ReturnType<typeof createCaller>; username: string; email: string }> {
  const username = unique(prefix);
  const email = `${username}@example.test`;
  const { playerId } = await registerAccount(engines, { username, email, password: testPassword });
  const session: SessionUser = { playerId, username, roles: [] };
  return { session, caller: createCaller(createInnerContext({ engines, session })), username, email };
}

/** Inserts a live character for a player directly (character creation belongs to the characters domain). */
export async function newCharacter(engines: Engines, playerId: number, options: { level?: number; name?: string } = {}): Promise<{ characterId: number; name: string }> {
  const name = options.name ?? unique("c");
  const result = await engines.postgres.pool.query<{ characterId: number }>(
    `INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', $3) RETURNING character_id AS "characterId"`,
    [playerId, name, options.level ?? 1],
  );
  return { characterId: result.rows[0]!.characterId, name };
}

export async function banPlayer(engines: Engines, playerId: number, reason: string, expiresAt: Date | null): Promise<void> {
  await engines.postgres.pool.query("UPDATE game_data.players SET is_banned = TRUE, ban_reason = $2, ban_expires_at = $3 WHERE player_id = $1", [playerId, reason, expiresAt]);
}

export function anonymousCaller(engines: Engines, clientIp: string | null = null) {
  return createCaller(createInnerContext({ engines, clientIp }));
}

/** A documentation-range IPv6 address (2001:db8::/32) random enough per test, so per-IP counters never collide. */
export function uniqueIp(): string {
  const group = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${group()}:${group()}::${group()}`;
}

/** The account's current credential stamp, as a token minted by signing in now would carry it. */
export async function credentialStampOf(engines: Engines, playerId: number): Promise<string | null> {
  const { rows } = await engines.postgres.pool.query<{ stamp: string }>("SELECT left(md5(password_hash), 16) AS stamp FROM game_data.players WHERE player_id = $1", [playerId]);
  return rows[0]?.stamp ?? null;
}

/** The per-request session check for a session signed in now (its token carries the current credential stamp). */
export async function sessionCheckOf(engines: Engines, playerId: number): Promise<SessionCheck> {
  return checkSessionAccount(engines, playerId, await credentialStampOf(engines, playerId));
}
