import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/server/generated/prisma/client";

export type PgPool = pg.Pool;
export type Db = PrismaClient;

// BIGINT (int8) columns hold ids and money that exceed 2^31 but stay far below 2^53 in this game;
// numbers are far easier to pass around than strings. Amounts are capped by zod well below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PostgresClients {
  pool: PgPool;
  prisma: PrismaClient;
}

/** A pool plus a Prisma client sharing it, for one database URL (the app's or a test database's). */
export function createPostgresClients(connectionString: string, max = 10): PostgresClients {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}
