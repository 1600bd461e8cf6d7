import "server-only";
import type { Engines } from "@/server/engines";
import { listCharacterAchievements } from "@/server/character/achievement.pg";
import { characterNotFound } from "@/server/character/character.service";

type Postgres = Pick<Engines, "postgres">;

export interface AchievementDto {
  achievementId: number;
  achievementName: string;
  description: string | null;
  category: string;
  points: number;
  iconUrl: string | null;
  unlockedAt: Date | null;
}

export interface CharacterAchievements {
  unlocked: AchievementDto[];
  /** Visible achievements not unlocked yet. */
  locked: AchievementDto[];
  /** Hidden achievements still locked: only how many, never which. */
  hiddenLockedCount: number;
  unlockedPoints: number;
}

export async function listAchievements(engines: Postgres, playerId: number, characterId: number): Promise<CharacterAchievements> {
  const listing = await listCharacterAchievements(engines.postgres.pool, playerId, characterId);
  if (!listing) throw characterNotFound();
  const unlocked: AchievementDto[] = [];
  const locked: AchievementDto[] = [];
  for (const { progress: _progress, ...row } of listing.rows) (row.unlockedAt ? unlocked : locked).push(row);
  return {
    unlocked,
    locked,
    hiddenLockedCount: listing.hiddenLockedCount,
    unlockedPoints: unlocked.reduce((sum, row) => sum + row.points, 0),
  };
}
