import { z } from "zod";

const characterId = z.number({ error: "Pick a character." }).int().positive().max(Number.MAX_SAFE_INTEGER);

export const friendsOverviewInput = z.object({ characterId: characterId.optional() });

/** Mirrors character_name_format (the target is named as the player sees it). */
export const friendRequestInput = z.object({
  characterId,
  targetName: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_-]{3,50}$/, "Character names are 3 to 50 letters, digits, underscores or hyphens."),
});

/** accept / decline / remove / block / unblock: the acting character and the other one. */
export const friendActionInput = z.object({ characterId, otherCharacterId: characterId }).refine((input) => input.characterId !== input.otherCharacterId, {
  path: ["otherCharacterId"],
  message: "A character cannot befriend itself.",
});
