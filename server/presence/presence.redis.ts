import "server-only";
import type { Redis } from "ioredis";

/**
 * Presence under the seed's keys:
 *   online:characters        ZSET  member character_id, score = last activity (epoch ms)
 *   online:guild:{guild_id}  SET   character_id of online guild members
 *   session:{session_id}     HASH  character_id, start_time, position_x/y/z; TTL 7200 s
 * Game servers write these; the portal's heartbeat writes them too. Nothing expires members by itself,
 * so readers treat a score older than `staleAfterMs` as offline and prune it.
 */
export const onlineCharactersKey = "online:characters";
export const guildOnlineKey = (guildId: number) => `online:guild:${guildId}`;
export const sessionKey = (sessionId: string) => `session:${sessionId}`;
export const sessionTtlSeconds = 7200;
export const staleAfterMs = 5 * 60 * 1000;

export interface HeartbeatWrite {
  characterId: number;
  guildId: number | null;
  atMs: number;
  session?: { sessionId: string; position?: { x: number; y: number; z: number } };
}

/** A character that left or was kicked stops being an online member of the guild. */
export async function removeGuildMember(redis: Redis, guildId: number, characterId: number): Promise<void> {
  await redis.srem(guildOnlineKey(guildId), String(characterId));
}

export async function writeHeartbeat(redis: Redis, beat: HeartbeatWrite): Promise<void> {
  const pipeline = redis.multi().zadd(onlineCharactersKey, beat.atMs, String(beat.characterId));
  if (beat.guildId !== null) pipeline.sadd(guildOnlineKey(beat.guildId), String(beat.characterId));
  if (beat.session) {
    const key = sessionKey(beat.session.sessionId);
    pipeline.hset(key, "character_id", String(beat.characterId));
    // start_time is set once per session; later heartbeats only move the position and refresh the TTL.
    pipeline.hsetnx(key, "start_time", String(beat.atMs));
    if (beat.session.position) {
      const { x, y, z } = beat.session.position;
      pipeline.hset(key, "position_x", String(x), "position_y", String(y), "position_z", String(z));
    }
    pipeline.expire(key, sessionTtlSeconds);
  }
  await pipeline.exec();
}

export interface SessionHash {
  characterId: number;
  startTime: number;
  position: { x: number; y: number; z: number } | null;
  ttlSeconds: number;
}

export async function readSession(redis: Redis, sessionId: string): Promise<SessionHash | null> {
  const key = sessionKey(sessionId);
  const [[, fields], [, ttl]] = ((await redis.multi().hgetall(key).ttl(key).exec()) ?? []) as [[unknown, Record<string, string>], [unknown, number]];
  if (!fields || !fields.character_id) return null;
  const hasPosition = fields.position_x !== undefined;
  return {
    characterId: Number(fields.character_id),
    startTime: Number(fields.start_time),
    position: hasPosition ? { x: Number(fields.position_x), y: Number(fields.position_y), z: Number(fields.position_z) } : null,
    ttlSeconds: Number(ttl),
  };
}

/** Last activity (ms) of each character, or null when absent or stale. One ZMSCORE. */
export async function lastActivity(redis: Redis, characterIds: number[], nowMs: number): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  if (characterIds.length === 0) return result;
  const scores = await redis.zmscore(onlineCharactersKey, ...characterIds.map(String));
  characterIds.forEach((id, index) => {
    const score = scores[index] === null || scores[index] === undefined ? null : Number(scores[index]);
    result.set(id, score !== null && score >= nowMs - staleAfterMs ? score : null);
  });
  return result;
}

/** Drops members whose last activity is older than the stale limit; returns how many went. */
export async function pruneStaleCharacters(redis: Redis, nowMs: number): Promise<number> {
  return redis.zremrangebyscore(onlineCharactersKey, "-inf", `(${nowMs - staleAfterMs}`);
}

export async function countOnlineCharacters(redis: Redis, nowMs: number): Promise<number> {
  return redis.zcount(onlineCharactersKey, nowMs - staleAfterMs, "+inf");
}

/** Online members of a guild: the SET filtered by fresh activity; stale members are removed from the SET as we go. */
export async function guildOnlineMembers(redis: Redis, guildId: number, nowMs: number): Promise<number[]> {
  const members = (await redis.smembers(guildOnlineKey(guildId))).map(Number);
  if (members.length === 0) return [];
  const activity = await lastActivity(redis, members, nowMs);
  const stale = members.filter((id) => activity.get(id) === null);
  if (stale.length > 0) await redis.srem(guildOnlineKey(guildId), ...stale.map(String));
  return members.filter((id) => activity.get(id) !== null).sort((a, b) => a - b);
}

/** A deleted character leaves every presence structure it may be in. */
export async function removeFromPresence(redis: Redis, characterId: number, guildId: number | null): Promise<void> {
  const pipeline = redis.multi().zrem(onlineCharactersKey, String(characterId));
  if (guildId !== null) pipeline.srem(guildOnlineKey(guildId), String(characterId));
  await pipeline.exec();
}
