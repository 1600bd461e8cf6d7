import "server-only";
import type { Redis } from "ioredis";
import type { LeaderboardBoard } from "@/server/leaderboard/leaderboard.schema";

/** The seed's keys: ZSETs of character_id scored by level / achievement points. */
export const leaderboardKey = (board: LeaderboardBoard) => `leaderboard:${board}`;

export interface LeaderboardEntry {
  characterId: number;
  score: number;
  /** Competition rank: 1 + number of characters with a strictly higher score (ties share a rank). */
  rank: number;
}

export async function setScore(redis: Redis, board: LeaderboardBoard, characterId: number, score: number): Promise<void> {
  await redis.zadd(leaderboardKey(board), score, String(characterId));
}

export async function incrementScore(redis: Redis, board: LeaderboardBoard, characterId: number, by: number): Promise<number> {
  return Number(await redis.zincrby(leaderboardKey(board), by, String(characterId)));
}

export async function removeMember(redis: Redis, characterId: number): Promise<void> {
  await redis
    .multi()
    .zrem(leaderboardKey("level"), String(characterId))
    .zrem(leaderboardKey("achievement_points"), String(characterId))
    .exec();
}

/** The top `limit` members, highest score first (ties: higher character_id first, Redis's reverse lexical order). */
export async function topEntries(redis: Redis, board: LeaderboardBoard, limit: number): Promise<LeaderboardEntry[]> {
  const flat = await redis.zrevrange(leaderboardKey(board), 0, limit - 1, "WITHSCORES");
  const entries: LeaderboardEntry[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    const score = Number(flat[index + 1]);
    const previous = entries[entries.length - 1];
    const rank = previous && previous.score === score ? previous.rank : entries.length + 1;
    entries.push({ characterId: Number(flat[index]), score, rank });
  }
  return entries;
}

/** Scores and competition ranks of the given characters (absent ones are left out). Two round trips. */
export async function entriesFor(redis: Redis, board: LeaderboardBoard, characterIds: number[]): Promise<LeaderboardEntry[]> {
  if (characterIds.length === 0) return [];
  const key = leaderboardKey(board);
  const scores = await redis.zmscore(key, ...characterIds.map(String));
  const present = characterIds.flatMap((id, index) => (scores[index] === null || scores[index] === undefined ? [] : [{ id, score: Number(scores[index]) }]));
  if (present.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const { score } of present) pipeline.zcount(key, `(${score}`, "+inf");
  const counts = (await pipeline.exec()) ?? [];
  return present.map(({ id, score }, index) => ({ characterId: id, score, rank: Number(counts[index]?.[1] ?? 0) + 1 }));
}

export async function boardSize(redis: Redis, board: LeaderboardBoard): Promise<number> {
  return redis.zcard(leaderboardKey(board));
}

/**
 * Rebuild support: scores go into a scratch key first and replace the live key with one RENAME at the end,
 * so readers never see a half-built board.
 */
export function scratchKey(board: LeaderboardBoard, nonce: string): string {
  return `${leaderboardKey(board)}:rebuild:${nonce}`;
}

export async function addToScratch(redis: Redis, key: string, rows: { characterId: number; score: number }[]): Promise<void> {
  if (rows.length === 0) return;
  const args: (string | number)[] = [];
  for (const row of rows) args.push(row.score, String(row.characterId));
  await redis.zadd(key, ...args);
  // A crashed rebuild must not leave scratch keys behind forever.
  await redis.expire(key, 3600);
}

export async function publishScratch(redis: Redis, board: LeaderboardBoard, key: string): Promise<void> {
  const exists = await redis.exists(key);
  if (exists) {
    await redis.multi().rename(key, leaderboardKey(board)).persist(leaderboardKey(board)).exec();
  } else {
    // An empty source means an empty board.
    await redis.del(leaderboardKey(board));
  }
}
