import { z } from "zod";

/** Mirrors valid_coordinates on character_positions. */
export const heartbeatInput = z.object({
  characterId: z.number().int().positive(),
  sessionId: z.uuid("The session id must be a UUID.").optional(),
  position: z
    .object({
      x: z.number().min(-20_000_000).max(20_000_000),
      y: z.number().min(-10_000_000).max(10_000_000),
      z: z.number().min(-10_000_000).max(10_000_000),
    })
    .optional(),
});

export const guildOnlineInput = z.object({ guildId: z.number().int().positive() });
