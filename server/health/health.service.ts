import "server-only";
import type { Engines } from "@/server/engines";
import packageJson from "@/package.json" with { type: "json" };
import { searchStatus, type SearchStatus } from "@/server/search/search.service";

export type EngineName = "postgres" | "redis" | "cassandra" | "elasticsearch";

export interface EngineHealth {
  state: "up" | "down";
  roundTripMs: number | null;
  detail?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  version: string;
  checkedAt: string;
  engines: Record<EngineName, EngineHealth>;
  /** Search (issue 8): degraded = answering from PostgreSQL; outboxBacklog = changes not yet in Elasticsearch. */
  search: SearchStatus;
}

const pingTimeoutMs = 2_000;

async function timed(probe: () => Promise<unknown>): Promise<EngineHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${pingTimeoutMs} ms`)), pingTimeoutMs);
      }),
    ]);
    return { state: "up", roundTripMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { state: "down", roundTripMs: null, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Pings every engine in parallel. PostgreSQL decides "down"; any other engine only makes it "degraded". */
export async function checkHealth(engines: Engines): Promise<HealthReport> {
  const [postgresHealth, redisHealth, cassandraHealth, elasticsearchHealth, search] = await Promise.all([
    timed(() => engines.postgres.pool.query("SELECT 1")),
    timed(() => engines.redis.ping()),
    timed(() => engines.cassandra.execute("SELECT release_version FROM system.local")),
    timed(async () => {
      const health = await engines.elasticsearch.cluster.health({ timeout: "2s" });
      if (health.status === "red") throw new Error("cluster health is red");
    }),
    searchStatus(engines).catch((): SearchStatus => ({ degraded: true, outboxBacklog: -1, oldestPendingAt: null })),
  ]);
  const report = { postgres: postgresHealth, redis: redisHealth, cassandra: cassandraHealth, elasticsearch: elasticsearchHealth };
  const status = postgresHealth.state === "down" ? "down" : Object.values(report).every((e) => e.state === "up") ? "ok" : "degraded";
  return { status, version: packageJson.version, checkedAt: new Date().toISOString(), engines: report, search };
}
