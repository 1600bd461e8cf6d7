import "server-only";
import type { ClientBase } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import type { SearchEntity } from "@/server/search/index-names.rules";

/**
 * game_data.search_outbox (migration 0060). Only one drain runs at a time per database (DRAIN_LOCK): documents are
 * read from PostgreSQL at drain time, so serial drains write ever-newer states and nothing lands out of order.
 * A reindex takes the same lock for its final replay-and-swap step.
 */

/** Advisory lock key shared by drains (transaction lock) and the reindex swap (session lock). */
export const DRAIN_LOCK = 720_080_001;

export interface OutboxRow {
  outboxId: number;
  entity: SearchEntity;
  entityId: number;
}

/** Tries to become the one drainer; false when another process is draining right now. */
export async function tryDrainLock(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [DRAIN_LOCK]);
  return rows[0]?.locked === true;
}

/** The oldest pending rows, locked for this transaction. */
export async function claimBatch(client: ClientBase, limit: number): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRow>(
    `SELECT outbox_id AS "outboxId", entity, entity_id AS "entityId"
       FROM game_data.search_outbox
      WHERE processed_at IS NULL
      ORDER BY outbox_id
      LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => ({ ...row, outboxId: Number(row.outboxId), entityId: Number(row.entityId) }));
}

export async function markProcessed(client: ClientBase, outboxIds: number[]): Promise<void> {
  if (!outboxIds.length) return;
  await client.query(
    "UPDATE game_data.search_outbox SET processed_at = now(), attempts = attempts + 1, last_error = NULL WHERE outbox_id = ANY($1::bigint[])",
    [outboxIds],
  );
}

/** Records a failed attempt (in its own transaction: the drain's was rolled back). */
export async function markFailed(pool: PgPool, outboxIds: number[], error: string): Promise<void> {
  if (!outboxIds.length) return;
  await pool.query(
    "UPDATE game_data.search_outbox SET attempts = attempts + 1, last_error = left($2, 2000) WHERE outbox_id = ANY($1::bigint[]) AND processed_at IS NULL",
    [outboxIds, error],
  );
}

export interface OutboxBacklog {
  pending: number;
  oldestPendingAt: Date | null;
}

export async function outboxBacklog(pool: PgPool): Promise<OutboxBacklog> {
  const { rows } = await pool.query<{ pending: number; oldest: Date | null }>(
    "SELECT count(*)::bigint AS pending, min(created_at) AS oldest FROM game_data.search_outbox WHERE processed_at IS NULL",
  );
  return { pending: Number(rows[0]?.pending ?? 0), oldestPendingAt: rows[0]?.oldest ?? null };
}

/** Deletes processed rows older than `keepHours` (the reindex replays only rows newer than its own start). */
export async function purgeProcessed(pool: PgPool, keepHours: number): Promise<number> {
  const result = await pool.query(
    "DELETE FROM game_data.search_outbox WHERE processed_at IS NOT NULL AND processed_at < now() - make_interval(hours => $1)",
    [keepHours],
  );
  return result.rowCount ?? 0;
}

/**
 * Rows of `entity` written by transactions that `snapshot` (pg_current_snapshot() text) does not see: the changes a
 * reindex copy missed. Processed or not: the worker may have sent them to the old index only.
 */
export async function rowsAfterSnapshot(client: ClientBase, entity: SearchEntity, snapshot: string): Promise<{ outboxIds: number[]; entityIds: number[] }> {
  const { rows } = await client.query<{ outbox_id: number; entity_id: number }>(
    `SELECT outbox_id, entity_id FROM game_data.search_outbox
      WHERE entity = $1
        AND txid >= (pg_snapshot_xmin($2::pg_snapshot)::text)::bigint
        AND NOT pg_visible_in_snapshot((txid::text)::xid8, $2::pg_snapshot)`,
    [entity, snapshot],
  );
  return {
    outboxIds: rows.map((row) => Number(row.outbox_id)),
    entityIds: [...new Set(rows.map((row) => Number(row.entity_id)))],
  };
}

/** After a reindex: pending rows of `entity` that the new index already reflects need no drain. */
export async function markSeenBySnapshot(client: ClientBase, entity: SearchEntity, snapshot: string, replayedOutboxIds: number[]): Promise<number> {
  const result = await client.query(
    `UPDATE game_data.search_outbox SET processed_at = now()
      WHERE entity = $1 AND processed_at IS NULL
        AND (pg_visible_in_snapshot((txid::text)::xid8, $2::pg_snapshot) OR outbox_id = ANY($3::bigint[]))`,
    [entity, snapshot, replayedOutboxIds],
  );
  return result.rowCount ?? 0;
}
