import { z } from "zod";

export const leaderboardBoards = ["level", "achievement_points"] as const;
export type LeaderboardBoard = (typeof leaderboardBoards)[number];

export const leaderboardInput = z.object({
  board: z.enum(leaderboardBoards).default("level"),
  limit: z.number().int().min(1).max(100).default(100),
});
