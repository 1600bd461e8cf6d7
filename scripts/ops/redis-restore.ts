/**
 * Puts the Redis keys a backup saved (scripts/ops/redis-backup.ts) back with RESTORE … ABSTTL REPLACE: each key gets
 * its original expiry time, so one that expired since the backup is skipped rather than revived.
 */
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { Redis } from "ioredis";
import type { OpsConfig } from "./config";
import type { Log } from "./exec";
import { latestWith, readManifest } from "./manifest";
import { redactUrl, type SavedKey } from "./redis-backup";

export async function restoreRedis(options: { config: OpsConfig; source: string; url: string; log: Log }): Promise<{ restored: number; expired: number }> {
  const folder = options.source === "latest" ? (await latestWith(options.config.backupDir, "redis"))?.folder : join(options.config.backupDir, options.source);
  const manifest = folder ? await readManifest(folder) : null;
  if (!folder || !manifest?.redis) throw new Error(`No backup with Redis keys: ${options.source}`);
  const redis = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true });
  await redis.connect();
  let restored = 0;
  let expired = 0;
  try {
    const lines = createInterface({ input: createReadStream(join(folder, manifest.redis.file)).pipe(createGunzip()) });
    let pipeline = redis.pipeline();
    let queued = 0;
    for await (const line of lines) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as SavedKey;
      if (entry.expiresAtMs !== null && entry.expiresAtMs <= Date.now()) {
        expired += 1;
        continue;
      }
      const payload = Buffer.from(entry.dump, "base64");
      if (entry.expiresAtMs === null) pipeline.restore(entry.key, 0, payload, "REPLACE");
      else pipeline.restore(entry.key, entry.expiresAtMs, payload, "REPLACE", "ABSTTL");
      queued += 1;
      if (queued === 500) {
        await pipeline.exec();
        restored += queued;
        pipeline = redis.pipeline();
        queued = 0;
      }
    }
    if (queued > 0) await pipeline.exec();
    restored += queued;
  } finally {
    redis.disconnect();
  }
  options.log(`restored ${restored} keys of backup ${manifest.id} into ${redactUrl(options.url)} (${expired} had expired since and were skipped)`);
  return { restored, expired };
}
