import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { AuditCursor, AuditOperation } from "@/server/staff/audit.schema";

/**
 * Read-only SQL over game_data.audit_log for the staff browser and the CSV export.
 * Keyset pagination on (change_timestamp, audit_id), newest first:
 *   - no filter: idx_audit_log_time_id (change_timestamp DESC, audit_id DESC) — the cursor is an index condition;
 *   - by table: idx_audit_log_table_time; by table and operation: idx_audit_log_table_op_time; by actor:
 *     idx_audit_log_user_time (all end in change_timestamp DESC, audit_id DESC since 0051/0053);
 *   - text: idx_audit_log_changed_words (GIN over the words and numbers of changed_data's values, migration 0090),
 *     with game_data.audit_words_query, bounded by the time range.
 * The cursor is written twice (a plain `<=` on the time and the row comparison) so that indexes whose last column
 * is change_timestamp can use it as a range too.
 */

export interface AuditQuery {
  table?: string;
  operation?: AuditOperation;
  /** A resolved actor: a player id, or null for "system" (no signed-in account). Undefined = any actor. */
  userId?: number | null;
  from?: Date;
  to?: Date;
  text?: string;
}

export interface AuditRow {
  auditId: number;
  changeTimestamp: Date;
  /** change_timestamp with microseconds, for the keyset cursor. */
  timestampKey: string;
  tableName: string;
  operation: string;
  userId: number | null;
  actorUsername: string | null;
  ipAddress: string | null;
  changedData: Record<string, unknown> | null;
  oldData: Record<string, unknown> | null;
}

/** The indexed expression, spelled exactly as in idx_audit_log_changed_words so the planner uses the index. */
const changedWords = `jsonb_to_tsvector('simple'::regconfig, a.changed_data, '["string", "numeric"]'::jsonb)`;

export async function listAuditRows(pool: PgPool, query: AuditQuery, cursor: AuditCursor | null, limit: number): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.table) where.push(`a.table_name = ${param(query.table)}`);
  if (query.operation) where.push(`a.operation = ${param(query.operation)}`);
  if (query.userId === null) where.push("a.user_id IS NULL");
  else if (query.userId !== undefined) where.push(`a.user_id = ${param(query.userId)}`);
  if (query.from) where.push(`a.change_timestamp >= ${param(query.from)}`);
  if (query.to) where.push(`a.change_timestamp < ${param(query.to)}`);
  // game_data.audit_words_query (migration 0090): every word required, the last as a prefix; immutable, so the planner
  // evaluates it with the text and estimates the matches from the index's statistics.
  if (query.text) where.push(`${changedWords} @@ game_data.audit_words_query(${param(query.text)})`);
  if (cursor) {
    const ts = param(cursor.timestamp);
    const id = param(cursor.auditId);
    where.push(`a.change_timestamp <= ${ts} AND (a.change_timestamp, a.audit_id) < (${ts}::timestamptz, ${id}::bigint)`);
  }
  const { rows } = await pool.query<AuditRow>(
    `SELECT a.audit_id AS "auditId", a.change_timestamp AS "changeTimestamp",
            to_char(a.change_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestampKey", a.table_name AS "tableName", a.operation,
            a.user_id AS "userId", p.username AS "actorUsername", host(a.ip_address) AS "ipAddress",
            a.changed_data AS "changedData", a.old_data AS "oldData"
       FROM game_data.audit_log a
       LEFT JOIN game_data.players p ON p.player_id = a.user_id
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY a.change_timestamp DESC, a.audit_id DESC
      LIMIT ${param(limit)}`,
    params,
  );
  return rows;
}

/** Tables with an audit trigger (cheap: the catalogue, not a DISTINCT over millions of rows). */
export async function auditedTables(pool: PgPool): Promise<string[]> {
  const { rows } = await pool.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS table
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'game_data' AND NOT t.tgisinternal AND t.tgfoid = 'game_data.audit_trigger_function'::regproc
      ORDER BY 1`,
  );
  return rows.map((row) => row.table);
}

/** A username (case-insensitive) or player id to a player id; null when unknown. */
export async function resolveActorId(pool: PgPool, actor: string): Promise<number | null> {
  if (/^\d{1,15}$/.test(actor)) return Number(actor);
  const { rows } = await pool.query<{ playerId: number }>(`SELECT player_id AS "playerId" FROM game_data.players WHERE lower(username) = lower($1) LIMIT 1`, [actor]);
  return rows[0]?.playerId ?? null;
}
