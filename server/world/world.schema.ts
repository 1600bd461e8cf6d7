import { z } from "zod";
import { AXIS_MAX, MAX_LEVEL } from "@/lib/world/morton";
import { MATERIALS } from "@/lib/world/materials";

/**
 * Inputs of the world router. Coordinates are world units at level 21 (the finest octree level); a box's bounds
 * are inclusive. Morton codes travel as decimal strings (they exceed 2^53 at levels 18 and finer).
 */
const coordinate = z.number().int().min(0).max(AXIS_MAX);
export const levelSchema = z.number().int().min(0).max(MAX_LEVEL);
export const mortonCodeSchema = z.string().regex(/^\d{1,19}$/, "A Morton code is a decimal number.");

export const worldBoxSchema = z
  .object({ minX: coordinate, minY: coordinate, minZ: coordinate, maxX: coordinate, maxY: coordinate, maxZ: coordinate })
  .refine((b) => b.minX <= b.maxX && b.minY <= b.maxY && b.minZ <= b.maxZ, { message: "Each minimum must not exceed its maximum." })
  .refine((b) => b.maxX - b.minX < 4096 && b.maxY - b.minY < 4096 && b.maxZ - b.minZ < 4096, { message: "A box may span at most 4096 units per axis." });
export type WorldBox = z.infer<typeof worldBoxSchema>;

/** The most nodes one region read returns (the viewer's voxel budget is below this). */
export const maxRegionNodes = 250_000;

export const regionReadSchema = z.object({
  box: worldBoxSchema,
  level: levelSchema,
  budget: z.number().int().min(1).max(maxRegionNodes).default(100_000),
});
export type RegionReadInput = z.infer<typeof regionReadSchema>;

export const nodeReadSchema = z.object({ mortonCode: mortonCodeSchema, level: levelSchema });
export type NodeReadInput = z.infer<typeof nodeReadSchema>;

export const deltaListSchema = z.object({ box: worldBoxSchema, limit: z.number().int().min(1).max(2000).default(500) });
export type DeltaListInput = z.infer<typeof deltaListSchema>;

const materialIds = MATERIALS.map((m) => m.materialId);
export const changeTypes = ["place", "dig", "replace"] as const;

export const applyDeltaSchema = z.object({
  mortonCode: mortonCodeSchema,
  level: levelSchema,
  newMaterialId: z
    .number()
    .int()
    .refine((id) => materialIds.includes(id), { message: "Unknown material." }),
  changeType: z.enum(changeTypes),
  characterId: z.number().int().positive().nullable().default(null),
  sessionId: z.uuid().optional(),
});
export type ApplyDeltaInput = z.infer<typeof applyDeltaSchema>;

export const revertDeltaSchema = z.object({
  sessionId: z.uuid(),
  timestamp: z.number().int().min(0),
  mortonCode: mortonCodeSchema,
  level: levelSchema,
});
export type RevertDeltaInput = z.infer<typeof revertDeltaSchema>;
