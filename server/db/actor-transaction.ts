import "server-only";
import type { PoolClient } from "pg";
import type { PgPool, Db } from "@/server/clients/postgres";

/** The account on whose behalf a unit of work runs: recorded by the audit trigger and seen by row-level security. */
export interface Actor {
  /** players.player_id of the signed-in account (staff or player); null for anonymous work such as registration. */
  userId: number | null;
  /** The player whose rows RLS should expose (usually the same account). */
  playerId: number | null;
  clientIp?: string | null;
}

function actorParams(actor: Actor): string[] {
  return [actor.userId?.toString() ?? "", actor.playerId?.toString() ?? "", actor.clientIp ?? ""];
}

/**
 * BEGIN and the actor settings as one simple-query string: one round trip instead of two on every audited write
 * (the extended protocol that binds $1 cannot carry two statements). Values go through the driver's escapeLiteral.
 */
function beginWithActorSql(client: PoolClient, actor: Actor, isolation: string): string {
  const [userId, playerId, clientIp] = actorParams(actor).map((value) => client.escapeLiteral(value));
  return (
    `BEGIN ISOLATION LEVEL ${isolation}; ` +
    `SELECT set_config('app.current_user_id', ${userId}, true), set_config('app.current_player_id', ${playerId}, true), set_config('app.client_ip', ${clientIp}, true)`
  );
}

/**
 * Runs `work` in one transaction on a pooled connection with the actor set via SET LOCAL semantics
 * (set_config(..., true)), so the settings vanish at COMMIT/ROLLBACK and never leak to the next user of the connection.
 */
export async function withActorSql<T>(
  pool: PgPool,
  actor: Actor,
  work: (client: PoolClient) => Promise<T>,
  options: { isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE" } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(beginWithActorSql(client, actor, options.isolation ?? "READ COMMITTED"));
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The same as withActorSql for Prisma: one interactive transaction with the actor set first. */
export async function withActor<T>(
  prisma: Db,
  actor: Actor,
  work: (tx: DbTransaction) => Promise<T>,
  options: { isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable"; timeout?: number } = {},
): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      const [userId, playerId, clientIp] = actorParams(actor);
      await tx.$executeRaw`SELECT set_config('app.current_user_id', ${userId}, true), set_config('app.current_player_id', ${playerId}, true), set_config('app.client_ip', ${clientIp}, true)`;
      return work(tx);
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeout ?? 10_000, maxWait: 5_000 },
  );
}
