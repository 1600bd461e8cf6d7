import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { characterCards, findOwnedCharacter } from "@/server/character/owned-characters.pg";
import {
  countOnlineCharacters,
  guildOnlineMembers,
  pruneStaleCharacters,
  readSession,
  removeGuildMember,
  writeHeartbeat,
  type SessionHash,
} from "@/server/presence/presence.redis";
import type { RedisClient } from "@/server/clients/redis";
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

/**
 * Online state of guild members for the roster (the seed's `online:guild:{guild_id}` set, filtered by fresh activity in
 * `online:characters`). Presence is a nicety: when Redis does not answer, the roster says "unknown" (null) instead of
 * failing the page.
 */
export async function onlineGuildMembers(redis: RedisClient, guildId: number, nowMs: number): Promise<Set<number> | null> {
  try {
    return new Set(await guildOnlineMembers(redis, guildId, nowMs));
  } catch {
    return null;
  }
}

/** A character that left or was kicked stops showing as an online member at once (best effort). */
export async function dropFromGuildPresence(redis: RedisClient, guildId: number, characterId: number): Promise<void> {
  await removeGuildMember(redis, guildId, characterId).catch(() => undefined);
}
