import { z } from "zod";
import { characterIdSchema } from "@/server/character/character.schema";

/** character_quests' valid_quest_status CHECK. */
export const questStatuses = ["in_progress", "completed", "abandoned", "failed"] as const;
export type QuestStatus = (typeof questStatuses)[number];

export const abandonQuestInput = z.object({
  characterId: characterIdSchema,
  characterQuestId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type AbandonQuestInput = z.infer<typeof abandonQuestInput>;
