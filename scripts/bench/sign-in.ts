/**
 * `npm run bench:sign-in [-- --accounts 64 --requests 800 --concurrency 16]`
 * Latency of the real credential check (authorizeCredentials: rate-limit read → account look-up → argon2id verify →
 * last_login update in an audited transaction → counter reset) under N concurrent clients, against DATABASE_URL / REDIS_URL.
 * Creates its own bench accounts (bench_signin_*) once, so it runs on any database, and reuses them on later runs.
 */
import os from "node:os";
import { loadEnv } from "../lib/env";
import { numberOption, percentile, recordLatency } from "./lib";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { createRedis } = await import("@/server/clients/redis");
const { hashPassword, verifyPassword } = await import("@/server/account/password.rules");
const { authorizeCredentials } = await import("@/server/account/auth.service");
import type { Engines } from "@/server/engines";

const accounts = numberOption("accounts", 64);
const requests = numberOption("requests", 800);
const concurrency = numberOption("concurrency", 16);
const password = "bench-sign-in-password";
const prefix = "bench_signin_";

const postgres = createPostgresClients(process.env.DATABASE_URL!, concurrency + 2);
const redis = createRedis(process.env.REDIS_URL!);
// Only what authorizeCredentials touches; the other engines are never reached.
const engines = { postgres, redis } as unknown as Engines;

async function ensureAccounts(): Promise<string[]> {
  const names = Array.from({ length: accounts }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);
  const existing = await postgres.pool.query<{ username: string }>("SELECT username FROM game_data.players WHERE username = ANY($1)", [names]);
  const have = new Set(existing.rows.map((r) => r.username));
  const missing = names.filter((n) => !have.has(n));
  if (missing.length > 0) {
    const hash = await hashPassword(password);
    // One hash for all bench accounts: verification cost is the same, creation stays fast.
    await postgres.pool.query(
      `INSERT INTO game_data.players (username, email, password_hash, is_banned)
       SELECT n, n || '@bench.example.test', $2, FALSE FROM unnest($1::text[]) AS n ON CONFLICT DO NOTHING`,
      [missing, hash],
    );
    console.log(`created ${missing.length} bench accounts`);
  }
  // A clean slate for counters from an earlier run.
  const keys = names.map((n) => `ratelimit:user:${n}:login`);
  await redis.del(...keys);
  return names;
}

try {
  const names = await ensureAccounts();
  // Warm-up: the pool's connections, argon2's thread pool, JIT.
  await Promise.all(names.slice(0, concurrency).map((username) => authorizeCredentials(engines, { username, password }, "198.51.100.1")));

  /** Runs `requests` calls of `work` from `concurrency` closed-loop clients; returns sorted latencies and the wall time. */
  async function measure(work: (n: number, client: number) => Promise<unknown>): Promise<{ latencies: number[]; seconds: number; failures: number }> {
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, client) => {
        for (;;) {
          const n = next++;
          if (n >= requests) return;
          const t0 = performance.now();
          try {
            await work(n, client);
          } catch (error) {
            failures++;
            if (failures <= 3) console.error("failed:", error instanceof Error ? error.message : error);
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, failures };
  }
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const line = (key: string, label: string, run: { latencies: number[]; seconds: number; failures: number }) => {
    recordLatency("bench:sign-in", key, label, run.latencies, { throughput: requests / run.seconds, errors: run.failures });
    console.log(
      `${label.padEnd(28)} p50 ${fmt(percentile(run.latencies, 50))}  p95 ${fmt(percentile(run.latencies, 95))}  p99 ${fmt(percentile(run.latencies, 99))}  ` +
        `max ${fmt(run.latencies.at(-1)!)} · ${(requests / run.seconds).toFixed(1)}/s · failures ${run.failures}`,
    );
  };

  const full = await measure((n, client) => authorizeCredentials(engines, { username: names[n % names.length]!, password }, `198.51.100.${client + 1}`));
  // The same load on argon2id alone: the floor that the CPU sets for the whole path.
  const storedHash = (await postgres.pool.query<{ h: string }>("SELECT password_hash AS h FROM game_data.players WHERE username = $1", [names[0]])).rows[0]!.h;
  const argonOnly = await measure(() => verifyPassword(storedHash, password));
  console.log(`sign-in · ${requests} requests · ${concurrency} concurrent clients · ${accounts} accounts · ${os.availableParallelism()} CPUs · load ${os.loadavg()[0]!.toFixed(1)}`);
  line("sign-in.full", "full path (authorize)", full);
  line("sign-in.argon2", "argon2id verify alone", argonOnly);
  const p95 = percentile(full.latencies, 95);
  console.log(p95 < 100 ? "target p95 < 100 ms: met" : "target p95 < 100 ms: MISSED");
} finally {
  await Promise.allSettled([postgres.pool.end(), redis.quit()]);
}
