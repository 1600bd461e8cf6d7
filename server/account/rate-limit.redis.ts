import "server-only";
import type { Redis } from "ioredis";

/**
 * Fixed-window failure counters under the seed's `ratelimit:{id}:{action}` pattern (String counter, TTL 60 s).
 * The id is a scope-qualified subject (`user:{username_lower}`, `ip:{address}`) rather than a character_id,
 * because sign-in happens before any character is chosen (docs/seed-deviations.md).
 */
export function rateLimitKey(subject: string, action: string): string {
  return `ratelimit:${subject}:${action}`;
}

export interface CounterState {
  count: number;
  /** Seconds until the window resets; 0 when the key does not exist. */
  ttlSeconds: number;
}

/** Reads several counters in one round trip. */
export async function readCounters(redis: Redis, keys: string[]): Promise<CounterState[]> {
  const pipeline = redis.multi();
  for (const key of keys) pipeline.get(key).ttl(key);
  const replies = (await pipeline.exec()) ?? [];
  return keys.map((_, index) => {
    const count = Number(replies[index * 2]?.[1] ?? 0) || 0;
    const ttl = Number(replies[index * 2 + 1]?.[1] ?? -2);
    return { count, ttlSeconds: ttl > 0 ? ttl : 0 };
  });
}

/** Adds one to each counter; the first hit of a window starts its TTL (EXPIRE NX never extends a running window). */
export async function incrementCounters(redis: Redis, keys: string[], windowSeconds: number): Promise<void> {
  const pipeline = redis.multi();
  for (const key of keys) pipeline.incr(key).expire(key, windowSeconds, "NX");
  await pipeline.exec();
}

export async function clearCounter(redis: Redis, key: string): Promise<void> {
  await redis.del(key);
}

/** Counts one hit in a fixed window and returns the count so far and the seconds left, in one round trip. */
export async function hitCounter(redis: Redis, key: string, windowSeconds: number): Promise<CounterState> {
  const replies = (await redis.multi().incr(key).expire(key, windowSeconds, "NX").ttl(key).exec()) ?? [];
  const ttl = Number(replies[2]?.[1] ?? -2);
  return { count: Number(replies[0]?.[1] ?? 0) || 0, ttlSeconds: ttl > 0 ? ttl : windowSeconds };
}
