import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { auditedTables, listAuditRows, resolveActorId, type AuditQuery, type AuditRow } from "@/server/staff/audit.pg";
import { auditListInput, type AuditCursor, type AuditFilter, type AuditListInput } from "@/server/staff/audit.schema";

/** The audit-log browser and its CSV export: the same filters, keyset pages of (change_timestamp, audit_id). */

export interface AuditPage {
  rows: AuditRow[];
  nextCursor: AuditCursor | null;
}

/** Turns the form's actor text into the repository's user id; an unknown username is a clear 400, not an empty page. */
async function toQuery(engines: Engines, filter: AuditFilter): Promise<AuditQuery> {
  const { actor, ...rest } = filter;
  if (actor === undefined) return rest;
  if (actor.toLowerCase() === "system") return { ...rest, userId: null };
  const userId = await resolveActorId(engines.postgres.pool, actor);
  if (userId === null) throw new AppError("BAD_INPUT", `No account named "${actor}".`, { fieldErrors: { actor: [`No account named "${actor}".`] } });
  return { ...rest, userId };
}

export async function listAuditLog(engines: Engines, rawInput: AuditListInput): Promise<AuditPage> {
  const input = auditListInput.parse(rawInput);
  const query = await toQuery(engines, input.filter);
  const rows = await listAuditRows(engines.postgres.pool, query, input.cursor ?? null, input.limit + 1);
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? { timestamp: last.timestampKey, auditId: last.auditId } : null };
}

export async function listAuditedTables(engines: Engines): Promise<string[]> {
  return auditedTables(engines.postgres.pool);
}

const csvColumns = ["audit_id", "change_timestamp", "table_name", "operation", "user_id", "actor_username", "ip_address", "changed_data", "old_data"] as const;

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(row: AuditRow): string {
  return [row.auditId, row.changeTimestamp, row.tableName, row.operation, row.userId, row.actorUsername, row.ipAddress, row.changedData, row.oldData].map(csvField).join(",") + "\r\n";
}

/**
 * The filtered log as CSV lines, produced in keyset batches of `batchSize` so memory stays flat at millions of rows.
 * The filter is resolved (and refused when bad) before the first line, so a bad request fails before streaming starts.
 */
export async function auditCsv(engines: Engines, filter: AuditFilter, batchSize = 1000): Promise<AsyncGenerator<string>> {
  const query = await toQuery(engines, filter);
  return (async function* lines() {
    yield csvColumns.join(",") + "\r\n";
    let cursor: AuditCursor | null = null;
    for (;;) {
      const rows = await listAuditRows(engines.postgres.pool, query, cursor, batchSize);
      if (rows.length) yield rows.map(csvLine).join("");
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      cursor = { timestamp: last.timestampKey, auditId: last.auditId };
    }
  })();
}
