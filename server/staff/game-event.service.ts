import "server-only";
import type { Engines } from "@/server/engines";
import { hourlyGameEventCounts, latestGameEventId, listGameEvents, tailGameEvents, type GameEventRow } from "@/server/staff/game-event.pg";
import {
  gameEventHourlyInput,
  gameEventListInput,
  gameEventTailInput,
  severities,
  type GameEventHourlyInput,
  type GameEventListInput,
  type GameEventTailInput,
  type Severity,
} from "@/server/staff/game-event.schema";

/** The game-event browser: filtered keyset pages, a live tail (polled with the last id seen) and an hourly chart. */

export interface GameEventPage {
  rows: GameEventRow[];
  nextCursor: { timestamp: string; eventId: number } | null;
}

export async function browseGameEvents(engines: Engines, rawInput: GameEventListInput): Promise<GameEventPage> {
  const input = gameEventListInput.parse(rawInput);
  const cursor = input.cursor ? { timestamp: input.cursor.timestamp, eventId: input.cursor.eventId } : null;
  const rows = await listGameEvents(engines.postgres.pool, input.filter, cursor, input.limit + 1);
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? { timestamp: last.timestampKey, eventId: last.eventId } : null };
}

export interface GameEventTail {
  rows: GameEventRow[];
  /** Pass back as afterId on the next poll. */
  lastId: number;
}

const tailBatch = 200;

/** First call (afterId null): no rows, just where to start. Then: everything newer, oldest first, up to 200 per poll. */
export async function tailEvents(engines: Engines, rawInput: GameEventTailInput): Promise<GameEventTail> {
  const input = gameEventTailInput.parse(rawInput);
  if (input.afterId === null) return { rows: [], lastId: await latestGameEventId(engines.postgres.pool) };
  const rows = await tailGameEvents(engines.postgres.pool, input.filter, input.afterId, tailBatch);
  return { rows, lastId: rows.length ? rows[rows.length - 1]!.eventId : input.afterId };
}

export interface HourlyChart {
  /** One entry per hour of the window (zeros included), counts by severity. */
  hours: ({ hour: string } & Record<Severity, number>)[];
  total: number;
}

/** Events per hour by severity over the last `hours` hours (or the filter's from/to), every hour present. */
export async function hourlyEvents(engines: Engines, rawInput: GameEventHourlyInput, now = new Date()): Promise<HourlyChart> {
  const input = gameEventHourlyInput.parse(rawInput);
  const hourMs = 3_600_000;
  const to = input.filter.to ?? new Date(Math.floor(now.getTime() / hourMs) * hourMs + hourMs);
  const from = input.filter.from ?? new Date(to.getTime() - input.hours * hourMs);
  const start = Math.floor(from.getTime() / hourMs) * hourMs;
  const span = Math.min(Math.ceil((to.getTime() - start) / hourMs), 31 * 24);
  const counts = await hourlyGameEventCounts(engines.postgres.pool, input.filter, new Date(start), new Date(start + span * hourMs));
  const empty = () => Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  const buckets = new Map<number, Record<Severity, number>>();
  for (let index = 0; index < span; index++) buckets.set(start + index * hourMs, empty());
  let total = 0;
  for (const row of counts) {
    const bucket = buckets.get(row.hour.getTime());
    if (!bucket || !(severities as readonly string[]).includes(row.severity)) continue;
    bucket[row.severity as Severity] += row.count;
    total += row.count;
  }
  return { hours: [...buckets].map(([hour, bySeverity]) => ({ hour: new Date(hour).toISOString(), ...bySeverity })), total };
}
