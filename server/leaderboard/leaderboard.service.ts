import "server-only";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Engines } from "@/server/engines";
import type { PgPool } from "@/server/clients/postgres";
import { characterCards, listOwnedCharacters } from "@/server/character/owned-characters.pg";
import {
  addToScratch,
  boardSize,
  entriesFor,
  incrementScore,
  publishScratch,
  removeMember,
  scratchKey,
  setScore,
  topEntries,
} from "@/server/leaderboard/leaderboard.redis";
import { achievementPointsOf, achievementPointsPage, levelPage, liveCharacterBounds, type ScorePage } from "@/server/leaderboard/leaderboard.pg";
import { removeFromPresence } from "@/server/presence/presence.redis";
import type { LeaderboardBoard } from "@/server/leaderboard/leaderboard.schema";
import type { SessionUser } from "@/server/session";

/*
 * Write-side hooks for other domains. Call them after the PostgreSQL transaction that changed the value has committed;
 * Redis is a derived index, so a lost write is repaired by `npm run leaderboards:rebuild`.
 * Achievement points are per character (the seed's ZSET members are character_id): the sum of achievements_master.points
 * over the character's unlocks. player_profiles.achievement_points is a per-player total and is not used here.
 */

export async function recordCharacterLevel(redis: Redis, characterId: number, level: number): Promise<void> {
  await setScore(redis, "level", characterId, level);
}

export async function recordAchievementPoints(redis: Redis, characterId: number, points: number): Promise<void> {
  await setScore(redis, "achievement_points", characterId, points);
}

/** After an unlock: adds the achievement's points; returns the new total. */
export async function addAchievementPoints(redis: Redis, characterId: number, points: number): Promise<number> {
  return incrementScore(redis, "achievement_points", characterId, points);
}

/** Re-reads one character's points from PostgreSQL (idempotent, safe to call after any achievement change). */
export async function syncAchievementPoints(engines: Pick<Engines, "postgres" | "redis">, characterId: number): Promise<number> {
  const points = await achievementPointsOf(engines.postgres.pool, characterId);
  await recordAchievementPoints(engines.redis, characterId, points);
  return points;
}

/** A deleted (or archived) character leaves both boards and presence. */
export async function removeCharacter(redis: Redis, characterId: number, guildId: number | null = null): Promise<void> {
  await Promise.all([removeMember(redis, characterId), removeFromPresence(redis, characterId, guildId)]);
}

export interface LeaderboardRow {
  rank: number;
  score: number;
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
  username: string;
}

export interface LeaderboardView {
  board: LeaderboardBoard;
  total: number;
  top: LeaderboardRow[];
  /** The signed-in player's best-ranked character, or null (visitor, no characters, or none on the board). */
  mine: LeaderboardRow | null;
}

/** Top N with names from one batched SQL look-up; members whose character is gone are skipped. */
export async function getLeaderboard(engines: Engines, board: LeaderboardBoard, limit: number, session: SessionUser | null): Promise<LeaderboardView> {
  const [entries, total, owned] = await Promise.all([
    topEntries(engines.redis, board, limit),
    boardSize(engines.redis, board),
    session ? listOwnedCharacters(engines.postgres.pool, session.playerId) : Promise.resolve([]),
  ]);
  const ownEntries = await entriesFor(engines.redis, board, owned.map((c) => c.characterId));
  const best = ownEntries.sort((a, b) => a.rank - b.rank || a.characterId - b.characterId)[0] ?? null;
  const cards = await characterCards(engines.postgres.pool, [...entries.map((e) => e.characterId), ...(best ? [best.characterId] : [])]);
  const toRow = (entry: { characterId: number; score: number; rank: number }): LeaderboardRow | null => {
    const card = cards.get(entry.characterId);
    return card ? { rank: entry.rank, score: entry.score, characterId: entry.characterId, name: card.name, characterClass: card.characterClass, level: card.level, username: card.username } : null;
  };
  return {
    board,
    total,
    top: entries.map(toRow).filter((row): row is LeaderboardRow => row !== null),
    mine: best ? toRow(best) : null,
  };
}

export interface RebuildProgress {
  board: LeaderboardBoard;
  processed: number;
  total: number;
}

const rebuildPageSize = 5_000;

async function rebuildBoard(
  pool: PgPool,
  redis: Redis,
  board: LeaderboardBoard,
  total: number,
  page: (pool: PgPool, after: number, size: number) => Promise<ScorePage>,
  onProgress: (progress: RebuildProgress) => void,
): Promise<number> {
  const key = scratchKey(board, randomUUID());
  let after = 0;
  let processed = 0;
  let written = 0;
  for (;;) {
    const { rows, scanned, lastScanned } = await page(pool, after, rebuildPageSize);
    if (lastScanned === null) break;
    await addToScratch(redis, key, rows);
    written += rows.length;
    processed = Math.min(total, processed + scanned);
    after = lastScanned;
    onProgress({ board, processed, total });
  }
  await publishScratch(redis, board, key);
  onProgress({ board, processed: total, total });
  return written;
}

/** Rebuilds both boards from PostgreSQL; each board is swapped in atomically when complete. */
export async function rebuildLeaderboards(
  engines: Pick<Engines, "postgres" | "redis">,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<{ level: number; achievement_points: number }> {
  const { count } = await liveCharacterBounds(engines.postgres.pool);
  const level = await rebuildBoard(engines.postgres.pool, engines.redis, "level", count, levelPage, onProgress);
  const achievementPoints = await rebuildBoard(engines.postgres.pool, engines.redis, "achievement_points", count, achievementPointsPage, onProgress);
  return { level, achievement_points: achievementPoints };
}
