import { z } from "zod";
import { timestampKeySchema } from "@/server/staff/audit.schema";

/** Inputs of the game-event browser. Mirrors game_data.game_events (valid_severity, event_type VARCHAR(50)). */

export const severities = ["debug", "info", "warning", "error", "critical"] as const;
export type Severity = (typeof severities)[number];

export const gameEventFilterInput = z
  .object({
    eventType: z.string().trim().min(1).max(50, "Event types are at most 50 characters.").optional(),
    severity: z.enum(severities, { error: "Pick a severity from the list." }).optional(),
    characterId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((value) => !value.from || !value.to || value.from.getTime() <= value.to.getTime(), { message: "The start must be before the end.", path: ["to"] });
export type GameEventFilter = z.infer<typeof gameEventFilterInput>;

export const gameEventListInput = z.object({
  filter: gameEventFilterInput.default({}),
  /** Keyset cursor: the last row's created_at (text with microseconds, see timestampKeySchema) and event_id. */
  cursor: z.object({ timestamp: timestampKeySchema, eventId: z.number().int().positive() }).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type GameEventListInput = z.input<typeof gameEventListInput>;

/** The live tail polls with the highest event id it has seen; null on the first call (answers with the newest id). */
export const gameEventTailInput = z.object({
  filter: gameEventFilterInput.default({}),
  afterId: z.number().int().nonnegative().nullable(),
});
export type GameEventTailInput = z.input<typeof gameEventTailInput>;

/** Events per hour by severity; the window is at most 31 days (a chart of 744 bars). */
export const maxChartHours = 31 * 24;
export const gameEventHourlyInput = z.object({
  filter: gameEventFilterInput.default({}),
  hours: z.number().int().min(1).max(maxChartHours).default(24),
});
export type GameEventHourlyInput = z.input<typeof gameEventHourlyInput>;
