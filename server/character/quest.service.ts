import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import { abandonCharacterQuest, listCharacterQuests, type QuestRow } from "@/server/character/quest.pg";
import type { AbandonQuestInput, QuestStatus } from "@/server/character/quest.schema";
import { characterNotFound } from "@/server/character/character.service";
import { objectiveProgress, type ObjectiveProgress } from "@/server/character/quest-progress.rules";

type Postgres = Pick<Engines, "postgres">;

export interface CharacterQuestDto {
  characterQuestId: number;
  questId: number;
  questName: string;
  description: string | null;
  questType: string;
  requiredLevel: number;
  status: QuestStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  abandonedAt: Date | null;
  completionCount: number;
  isRepeatable: boolean;
  objectives: ObjectiveProgress[];
}

export interface CharacterQuests {
  inProgress: CharacterQuestDto[];
  completed: CharacterQuestDto[];
  abandoned: CharacterQuestDto[];
  failed: CharacterQuestDto[];
}

function toDto(row: QuestRow): CharacterQuestDto {
  const status = row.status as QuestStatus;
  return {
    characterQuestId: row.characterQuestId,
    questId: row.questId,
    questName: row.questName,
    description: row.description,
    questType: row.questType,
    requiredLevel: row.requiredLevel,
    status,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    abandonedAt: row.abandonedAt,
    completionCount: row.completionCount,
    isRepeatable: row.isRepeatable,
    objectives: objectiveProgress(row.objectives, row.progress, status === "completed"),
  };
}

/** A character's quests by status, each with its objectives' progress. */
export async function listQuests(engines: Postgres, playerId: number, characterId: number): Promise<CharacterQuests> {
  const rows = await listCharacterQuests(engines.postgres.pool, playerId, characterId);
  if (!rows) throw characterNotFound();
  const result: CharacterQuests = { inProgress: [], completed: [], abandoned: [], failed: [] };
  for (const row of rows.map(toDto)) {
    if (row.status === "in_progress") result.inProgress.push(row);
    else if (row.status === "completed") result.completed.push(row);
    else if (row.status === "abandoned") result.abandoned.push(row);
    else result.failed.push(row);
  }
  return result;
}

export async function abandonQuest(engines: Postgres, actor: Actor, playerId: number, input: AbandonQuestInput): Promise<{ characterQuestId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const before = await abandonCharacterQuest(client, playerId, input.characterId, input.characterQuestId);
    if (before === null) throw new AppError("NOT_FOUND", "No such quest on this character.");
    if (before !== "in_progress") throw new AppError("PRECONDITION_FAILED", `Only quests in progress can be abandoned; this one is ${before.replace("_", " ")}.`);
    return { characterQuestId: input.characterQuestId };
  });
}
