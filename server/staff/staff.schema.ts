import { z } from "zod";

/** Inputs of the staff player look-up and player page. */

export const playerIdSchema = z.number({ error: "Pick a player." }).int().positive().max(Number.MAX_SAFE_INTEGER);

/** A player id, a username, an email or a character name (whole or in part, case-insensitive). */
export const playerLookupInput = z.object({
  query: z.string().trim().min(1, "Type an id, a username, an email or a character name.").max(255, "That is too long to be a name or an email."),
  limit: z.number().int().min(1).max(50).default(25),
});
export type PlayerLookupInput = z.input<typeof playerLookupInput>;

export const playerRefInput = z.object({ playerId: playerIdSchema });
export type PlayerRefInput = z.infer<typeof playerRefInput>;

/** Why a staff member changed something: every staff action stores one. */
export const staffReasonSchema = z
  .string({ error: "Say why." })
  .trim()
  .min(3, "Say why, in a few words (at least 3 characters).")
  .max(500, "Keep the reason under 500 characters.");
