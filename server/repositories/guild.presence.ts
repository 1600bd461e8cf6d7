import "server-only";
import type { Redis } from "ioredis";
import { guildOnlineKey, guildOnlineMembers } from "@/server/repositories/presence.redis";

/**
 * Online state of guild members through the presence repository (the seed's `online:guild:{guild_id}` set, filtered by
 * fresh activity in `online:characters`). Presence is a nicety: when Redis does not answer, the roster says "unknown"
 * (null) instead of failing the page.
 */
export async function onlineGuildMembers(redis: Redis, guildId: number, nowMs: number): Promise<Set<number> | null> {
  try {
    return new Set(await guildOnlineMembers(redis, guildId, nowMs));
  } catch {
    return null;
  }
}

/** A character that left or was kicked stops showing as an online member at once (best effort). */
export async function dropFromGuildPresence(redis: Redis, guildId: number, characterId: number): Promise<void> {
  await redis.srem(guildOnlineKey(guildId), String(characterId)).catch(() => undefined);
}
