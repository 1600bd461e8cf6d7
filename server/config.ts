import "server-only";
import { z } from "zod";

/**
 * Engine endpoints come only from the environment. Production points them at clusters,
 * so every list-shaped variable accepts several comma-separated hosts.
 */
const csv = z
  .string()
  .min(1)
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

const envSchema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().min(1),
  CASSANDRA_CONTACT_POINTS: csv,
  CASSANDRA_LOCAL_DC: z.string().min(1),
  CASSANDRA_KEYSPACE: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  ELASTICSEARCH_URL: csv,
  ELASTICSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]*$/).default("bluemarble"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** New accounts one IP address may create per hour (the e2e server raises it: its tests all come from 127.0.0.1). */
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(10),
  /** "postgres": the market, guild directory and staff look-up read PostgreSQL only (no Elasticsearch first). */
  SEARCH_READS: z.enum(["elasticsearch", "postgres"]).default("elasticsearch"),
  /** Per-request timeout of a search in Elasticsearch before PostgreSQL answers instead. */
  SEARCH_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  /** "off": the server process runs no search outbox worker (`npm run search:worker` runs it apart). */
  SEARCH_WORKER: z.enum(["on", "off"]).default("on"),
  /** How often the server process returns expired listings' items; 0 switches the timer off. */
  MARKET_EXPIRY_INTERVAL_SECONDS: z.coerce.number().int().nonnegative().default(60),
});

export type SearchReads = "elasticsearch" | "postgres";

export type AppConfig = z.infer<typeof envSchema>;

let cached: AppConfig | undefined;

export function appConfig(): AppConfig {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment (copy .env.example to .env): ${missing}`);
  }
  cached = parsed.data;
  return cached;
}
