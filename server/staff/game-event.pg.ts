import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { GameEventFilter } from "@/server/staff/game-event.schema";

/**
 * Read-only SQL over game_data.game_events (partitioned by month on created_at). Every query is bounded in time so
 * the planner prunes partitions; the seed's indexes (type|character|severity, created_at DESC) serve the filters.
 */

export interface GameEventRow {
  eventId: number;
  eventType: string;
  characterId: number | null;
  characterName: string | null;
  eventData: unknown;
  createdAt: Date;
  /** created_at with microseconds, for the keyset cursor. */
  timestampKey: string;
  severity: string;
}

const columns = `e.event_id AS "eventId", e.event_type AS "eventType", e.character_id AS "characterId", c.name AS "characterName",
  e.event_data AS "eventData", e.created_at AS "createdAt",
  to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "timestampKey", COALESCE(e.severity, 'info') AS severity`;

function filterSql(filter: GameEventFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.eventType) where.push(`e.event_type = ${param(filter.eventType)}`);
  if (filter.severity) where.push(`e.severity = ${param(filter.severity)}`);
  if (filter.characterId) where.push(`e.character_id = ${param(filter.characterId)}`);
  if (filter.from) where.push(`e.created_at >= ${param(filter.from)}`);
  if (filter.to) where.push(`e.created_at < ${param(filter.to)}`);
  return where;
}

export async function listGameEvents(pool: PgPool, filter: GameEventFilter, cursor: { timestamp: string; eventId: number } | null, limit: number): Promise<GameEventRow[]> {
  const params: unknown[] = [];
  const where = filterSql(filter, params);
  if (cursor) {
    params.push(cursor.timestamp, cursor.eventId);
    const ts = `$${params.length - 1}::timestamptz`;
    where.push(`e.created_at <= ${ts} AND (e.created_at, e.event_id) < (${ts}, $${params.length}::bigint)`);
  }
  params.push(limit);
  const { rows } = await pool.query<GameEventRow>(
    `SELECT ${columns} FROM game_data.game_events e LEFT JOIN game_data.characters c ON c.character_id = e.character_id
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY e.created_at DESC, e.event_id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * Events newer than `afterId`, oldest first, from the last `windowMinutes` only (partition pruning; a tail that
 * fell further behind starts again from the window).
 */
export async function tailGameEvents(pool: PgPool, filter: GameEventFilter, afterId: number, limit: number, windowMinutes = 60): Promise<GameEventRow[]> {
  const params: unknown[] = [afterId, windowMinutes];
  const where = filterSql({ ...filter, from: undefined, to: undefined }, params);
  params.push(limit);
  const { rows } = await pool.query<GameEventRow>(
    `SELECT ${columns} FROM game_data.game_events e LEFT JOIN game_data.characters c ON c.character_id = e.character_id
      WHERE e.event_id > $1 AND e.created_at > now() - make_interval(mins => $2::int) ${where.length ? `AND ${where.join(" AND ")}` : ""}
      ORDER BY e.event_id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** The newest event id (0 when there is none): where a fresh tail starts. */
export async function latestGameEventId(pool: PgPool): Promise<number> {
  const { rows } = await pool.query<{ id: number | null }>(
    `SELECT max(event_id) AS id FROM game_data.game_events WHERE created_at > now() - interval '1 day'`,
  );
  return rows[0]?.id ?? 0;
}

export interface HourlyCount {
  hour: Date;
  severity: string;
  count: number;
}

export async function hourlyGameEventCounts(pool: PgPool, filter: GameEventFilter, from: Date, to: Date): Promise<HourlyCount[]> {
  const params: unknown[] = [from, to];
  const where = filterSql({ ...filter, from: undefined, to: undefined }, params);
  const { rows } = await pool.query<HourlyCount>(
    `SELECT date_trunc('hour', e.created_at) AS hour, COALESCE(e.severity, 'info') AS severity, count(*)::int AS count
       FROM game_data.game_events e
      WHERE e.created_at >= $1 AND e.created_at < $2 ${where.length ? `AND ${where.join(" AND ")}` : ""}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  return rows;
}
