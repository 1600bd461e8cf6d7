import type { Engines } from "@/server/context";
import { AppError } from "@/server/errors";
import { characterCards, findOwnedCharacter } from "@/server/repositories/owned-characters.sql";
import { countOnlineCharacters, guildOnlineMembers, pruneStaleCharacters, readSession, writeHeartbeat, type SessionHash } from "@/server/repositories/presence.redis";
import type { SessionUser } from "@/server/session";

export interface HeartbeatInput {
  characterId: number;
  sessionId?: string;
  position?: { x: number; y: number; z: number };
}

/**
 * Marks a character the player owns as online now (online:characters, its guild's online set, and the
 * session:{id} hash when a session id is given). Game servers write the same keys for real play sessions.
 */
export async function heartbeat(engines: Engines, actor: SessionUser, input: HeartbeatInput, nowMs = Date.now()): Promise<{ characterId: number; lastActivityMs: number; guildId: number | null }> {
  const character = await findOwnedCharacter(engines.postgres.pool, actor.playerId, input.characterId);
  if (!character) throw new AppError("NOT_FOUND", "You have no character with that id.");
  await writeHeartbeat(engines.redis, {
    characterId: character.characterId,
    guildId: character.guildId,
    atMs: nowMs,
    session: input.sessionId ? { sessionId: input.sessionId, position: input.position } : undefined,
  });
  return { characterId: character.characterId, lastActivityMs: nowMs, guildId: character.guildId };
}

/** How many characters are online; prunes stale members first so the set does not grow without bound. */
export async function onlineCount(engines: Engines, nowMs = Date.now()): Promise<{ online: number }> {
  await pruneStaleCharacters(engines.redis, nowMs);
  return { online: await countOnlineCharacters(engines.redis, nowMs) };
}

export interface GuildOnlineMember {
  characterId: number;
  name: string;
}

/** Online members of a guild, leaving out players who hide their online state (privacy show_online = false). */
export async function guildOnline(engines: Engines, guildId: number, nowMs = Date.now()): Promise<{ guildId: number; members: GuildOnlineMember[] }> {
  const ids = await guildOnlineMembers(engines.redis, guildId, nowMs);
  const cards = await characterCards(engines.postgres.pool, ids);
  const members = ids.flatMap((id) => {
    const card = cards.get(id);
    return card && card.showOnline ? [{ characterId: id, name: card.name }] : [];
  });
  return { guildId, members };
}

/** A play session hash, only for its own character's owner. */
export async function ownSession(engines: Engines, actor: SessionUser, sessionId: string): Promise<SessionHash> {
  const session = await readSession(engines.redis, sessionId);
  const owned = session ? await findOwnedCharacter(engines.postgres.pool, actor.playerId, session.characterId) : null;
  if (!session || !owned) throw new AppError("NOT_FOUND", "No such session.");
  return session;
}
