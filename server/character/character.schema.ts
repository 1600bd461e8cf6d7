import { z } from "zod";

/**
 * Inputs of the character procedures, mirroring game_data.characters' CHECK constraints
 * (character_name_format) so a bad name is refused before it reaches the database.
 */

/** The playable classes. Not a database constraint (characters.class is VARCHAR(30)): the portal's rule, see docs/characters.md. */
export const characterClasses = ["warrior", "ranger", "mage", "cleric", "rogue", "engineer"] as const;
export type CharacterClass = (typeof characterClasses)[number];

/** At most this many active (not deleted) characters per player: the seed's application-layer rule. */
export const maxActiveCharacters = 10;

export const characterNamePattern = /^[a-zA-Z0-9_-]{3,50}$/;

export const characterNameSchema = z
  .string()
  .trim()
  .regex(characterNamePattern, "Character names are 3 to 50 letters, digits, underscores or hyphens.");

export const characterIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const createCharacterInput = z.object({
  name: characterNameSchema,
  characterClass: z.enum(characterClasses, { error: `Pick one of: ${characterClasses.join(", ")}.` }),
});
export type CreateCharacterInput = z.infer<typeof createCharacterInput>;

/** Any procedure that acts on one of the signed-in player's characters. */
export const characterRefInput = z.object({ characterId: characterIdSchema });
export type CharacterRefInput = z.infer<typeof characterRefInput>;

export const deleteCharacterInput = z.object({
  characterId: characterIdSchema,
  /** Deleting is irreversible from the portal, so the caller must say so explicitly. */
  confirm: z.literal(true, { error: "Confirm that you want to delete this character." }),
});
export type DeleteCharacterInput = z.infer<typeof deleteCharacterInput>;
