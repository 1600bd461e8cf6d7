import { z } from "zod";

/** Inputs of the audit-log browser and its CSV export (the same filters). Mirrors game_data.audit_log's columns. */

export const auditOperations = ["INSERT", "UPDATE", "DELETE"] as const;
export type AuditOperation = (typeof auditOperations)[number];

/** The audited tables' names are plain identifiers (audit_log.table_name VARCHAR(100)). */
const tableNameSchema = z.string().trim().regex(/^[a-z_][a-z0-9_]{0,99}$/, "Pick a table from the list.");

export const auditFilterInput = z
  .object({
    table: tableNameSchema.optional(),
    operation: z.enum(auditOperations, { error: "Pick INSERT, UPDATE or DELETE." }).optional(),
    /** A player id, a username, or "system" for changes made without a signed-in account. */
    actor: z.string().trim().min(1).max(50, "Actors are player ids or usernames.").optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    /**
     * Words in the changed row's values (case-insensitive; every word of the text must be a word or number there, the
     * last one may be its start: game_data.audit_words_query, migration 0090). At least 3 characters, so a search is selective.
     */
    text: z
      .string()
      .trim()
      .min(3, "Search for at least 3 characters.")
      .max(200, "Search for at most 200 characters.")
      .refine((text) => /[\p{L}\p{N}]/u.test(text), "Search for words or numbers: punctuation alone matches nothing.")
      .optional(),
  })
  .refine((value) => !value.from || !value.to || value.from.getTime() <= value.to.getTime(), { message: "The start must be before the end.", path: ["to"] });
export type AuditFilter = z.infer<typeof auditFilterInput>;

/**
 * A timestamp with PostgreSQL's microseconds, as text ("2026-11-26T02:31:21.538123Z"): a JavaScript Date keeps only
 * milliseconds, and a cursor that loses precision skips or repeats rows.
 */
export const timestampKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, "Not a valid cursor.");

/** Keyset cursor: the last row's (change_timestamp, audit_id). */
export const auditCursorSchema = z.object({ timestamp: timestampKeySchema, auditId: z.number().int().positive() });
export type AuditCursor = z.infer<typeof auditCursorSchema>;

export const auditListInput = z.object({
  filter: auditFilterInput.default({}),
  cursor: auditCursorSchema.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditListInput = z.input<typeof auditListInput>;

/** Reads the export route's query string into the filter input (the same names as the browser's form fields). */
export function auditFilterFromSearchParams(params: URLSearchParams): unknown {
  const value = (name: string) => {
    const raw = params.get(name)?.trim();
    return raw ? raw : undefined;
  };
  const date = (name: string) => {
    const raw = value(name);
    return raw ? new Date(raw) : undefined;
  };
  return { table: value("table"), operation: value("operation"), actor: value("actor"), from: date("from"), to: date("to"), text: value("text") };
}
