/**
 * Redis holds two kinds of keys (the seed's names; server/repositories/*.redis.ts, world.cache.ts):
 *   rebuildable  leaderboard:*      sorted sets rebuilt from PostgreSQL (npm run leaderboards:rebuild)
 *                octree:hot:*       cached octree nodes, refilled from Cassandra on the next read
 *                online:*           presence, written again by every heartbeat within 5 minutes
 *   not          session:*          game sessions (character, start time, position; TTL 2 h): only Redis has them
 *                ratelimit:*        failure and sign-up windows: losing them lifts a lock-out early
 * Portal sign-in sessions are signed JWT cookies (next-auth), not Redis keys.
 *
 * The backup saves the second kind with DUMP and the absolute expiry time, one JSON line per key, gzip; the restore
 * uses RESTORE … ABSTTL, so a key that expired meanwhile is not brought back. Keys of no known family are counted and
 * reported, so a new family cannot go unnoticed.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { Redis } from "ioredis";
import type { Log } from "./exec";
import type { RedisPart } from "./manifest";

export const savedFamilies = [
  { prefix: "session:", pattern: "session:*", why: "game sessions (character, start time, position), written by game servers; nothing else holds them" },
  { prefix: "ratelimit:", pattern: "ratelimit:*", why: "open rate-limit windows (sign-in failures, sign-ups); losing them lifts lock-outs early" },
] as const;

export const rebuildableFamilies = [
  { prefix: "leaderboard:", pattern: "leaderboard:*", how: "rebuilt from PostgreSQL: npm run leaderboards:rebuild" },
  { prefix: "octree:hot:", pattern: "octree:hot:*", how: "cache of Cassandra's octree nodes, refilled by the next region read" },
  { prefix: "online:", pattern: "online:*", how: "presence, written again by every heartbeat within 5 minutes" },
] as const;

export interface SavedKey {
  key: string;
  /** Absolute expiry in ms since the epoch; null for a key without TTL. */
  expiresAtMs: number | null;
  /** DUMP payload, base64. */
  dump: string;
}

export async function backupRedis(options: { url: string; folder: string; log: Log }): Promise<RedisPart> {
  const started = performance.now();
  const redis = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true });
  await redis.connect();
  const counts = new Map<string, number>();
  const unknown = new Map<string, number>();
  const saved: SavedKey[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
      cursor = next;
      const wanted: string[] = [];
      for (const key of keys) {
        const family = [...savedFamilies, ...rebuildableFamilies].find((f) => key.startsWith(f.prefix));
        if (family) counts.set(family.prefix, (counts.get(family.prefix) ?? 0) + 1);
        else {
          const prefix = key.includes(":") ? `${key.slice(0, key.indexOf(":") + 1)}*` : key;
          unknown.set(prefix, (unknown.get(prefix) ?? 0) + 1);
        }
        if (savedFamilies.some((f) => key.startsWith(f.prefix))) wanted.push(key);
      }
      if (wanted.length > 0) {
        const pipeline = redis.pipeline();
        for (const key of wanted) pipeline.dumpBuffer(key).pexpiretime(key);
        const replies = (await pipeline.exec()) ?? [];
        wanted.forEach((key, index) => {
          const dump = replies[index * 2]?.[1] as Buffer | null;
          const expireTime = Number(replies[index * 2 + 1]?.[1] ?? -2);
          // A key that expired between SCAN and DUMP is simply gone (DUMP answers nil).
          if (dump && expireTime !== -2) saved.push({ key, expiresAtMs: expireTime === -1 ? null : expireTime, dump: dump.toString("base64") });
        });
      }
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  await mkdir(join(options.folder, "redis"), { recursive: true });
  const file = "redis/keys.jsonl.gz";
  await pipeline(Readable.from(saved.map((entry) => `${JSON.stringify(entry)}\n`)), createGzip(), createWriteStream(join(options.folder, file)));
  const part: RedisPart = {
    url: redactUrl(options.url),
    saved: savedFamilies.map((f) => ({ pattern: f.pattern, keys: saved.filter((s) => s.key.startsWith(f.prefix)).length, why: f.why })),
    rebuildable: rebuildableFamilies.map((f) => ({ pattern: f.pattern, keys: counts.get(f.prefix) ?? 0, how: f.how })),
    unknown: [...unknown.entries()].map(([prefix, keys]) => ({ prefix, keys })).sort((a, b) => b.keys - a.keys),
    file,
    durationMs: Math.round(performance.now() - started),
  };
  options.log(
    `saved ${part.saved.map((s) => `${s.keys} ${s.pattern}`).join(", ")}; not saved (rebuildable): ${part.rebuildable.map((r) => `${r.keys} ${r.pattern}`).join(", ")}` +
      (part.unknown.length ? `; UNKNOWN families (not saved): ${part.unknown.map((u) => `${u.keys} ${u.prefix}`).join(", ")}` : ""),
  );
  return part;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
