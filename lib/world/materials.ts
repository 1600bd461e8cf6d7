/**
 * The world's material catalogue: the rows world:seed writes to the `materials` table, and the colours the viewer
 * falls back to. Pure module (browser and server). Material 0 is air: never stored as a leaf by the generator,
 * but a player can dig a node out to air, and the viewer draws air nodes as nothing.
 */
export const AIR = 0;

export interface MaterialDefinition {
  materialId: number;
  name: string;
  type: "gas" | "liquid" | "soil" | "stone" | "ore" | "ice" | "crafted";
  density: number;
  hardness: number;
  color: string;
}

export const MATERIALS: readonly MaterialDefinition[] = [
  { materialId: 0, name: "Air", type: "gas", density: 0.0012, hardness: 0, color: "#e2e8f0" },
  { materialId: 1, name: "Water", type: "liquid", density: 1, hardness: 0, color: "#2f7fd8" },
  { materialId: 2, name: "Sand", type: "soil", density: 1.6, hardness: 0.5, color: "#e3cf8f" },
  { materialId: 3, name: "Grass", type: "soil", density: 1.3, hardness: 0.6, color: "#4f9a3a" },
  { materialId: 4, name: "Dirt", type: "soil", density: 1.5, hardness: 0.7, color: "#7a5534" },
  { materialId: 5, name: "Rock", type: "stone", density: 2.7, hardness: 6, color: "#7d7f86" },
  { materialId: 6, name: "Snow", type: "ice", density: 0.4, hardness: 0.2, color: "#f4f7fb" },
  { materialId: 7, name: "Coal ore", type: "ore", density: 1.4, hardness: 3, color: "#2b2b2e" },
  { materialId: 8, name: "Iron ore", type: "ore", density: 5, hardness: 5.5, color: "#b2674a" },
  { materialId: 9, name: "Gold ore", type: "ore", density: 19.3, hardness: 3, color: "#f2c230" },
  { materialId: 10, name: "Bedrock", type: "stone", density: 3.3, hardness: 10, color: "#3a3f4b" },
  { materialId: 11, name: "Wood planks", type: "crafted", density: 0.7, hardness: 2, color: "#b8864b" },
  { materialId: 12, name: "Cobblestone", type: "crafted", density: 2.4, hardness: 5, color: "#9a9ca3" },
];

export const MATERIAL_COUNT = 16; // room in per-node histograms; ids stay below this

const byId = new Map(MATERIALS.map((m) => [m.materialId, m]));

export function materialById(id: number): MaterialDefinition | undefined {
  return byId.get(id);
}

/** "#rrggbb" → [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace("#", ""), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
