/**
 * Where the demo world sits on the planet and the named regions inside it. The region's corner is aligned to 512
 * (the largest --edge), so every edge size is an aligned octree node at level 21 − log2(edge).
 */
import type { RegionRow } from "@/server/world/catalog.cql";
import { stableUuid } from "./history";
import type { BuildSite } from "./history";

export const WORLD_SEED = 20_261_001;
export const WORLD_ORIGIN = { x: 2412 * 512, y: 1600 * 512, z: 2048 * 512 } as const;

export function surveyRegionId(edge: number): string {
  return stableUuid(`world-seed:${WORLD_SEED}:survey:${edge}`);
}

/** Named zones inside the survey area: some protected, some owned by guilds, one around each build site. */
export function namedRegions(edge: number, guildIds: number[], sites: BuildSite[]): RegionRow[] {
  const o = WORLD_ORIGIN;
  const half = edge / 2;
  const box = (x0: number, y0: number, z0: number, x1: number, y1: number, z1: number) => ({
    min: { x: o.x + x0, y: o.y + y0, z: o.z + z0 },
    max: { x: o.x + x1 - 1, y: o.y + y1 - 1, z: o.z + z1 - 1 },
  });
  const guild = (i: number) => (guildIds.length ? guildIds[i % guildIds.length]! : null);
  const regions: RegionRow[] = [
    { regionId: "", name: "Harbor Cove", ...box(0, 0, 0, half, half, edge), zoneId: 1, isProtected: true, ownerGuildId: null, metadata: { biome: "coast", pvp: "off" } },
    { regionId: "", name: "Emerald Meadow", ...box(half, 0, 0, edge, half, edge), zoneId: 1, isProtected: false, ownerGuildId: guild(0), metadata: { biome: "grassland" } },
    { regionId: "", name: "Frostpeak Ridge", ...box(half, half, 0, edge, edge, edge), zoneId: 2, isProtected: false, ownerGuildId: null, metadata: { biome: "mountain" } },
    { regionId: "", name: "Deepdelve Mines", ...box(0, half, 0, half, edge, Math.round(edge * 0.4)), zoneId: 2, isProtected: true, ownerGuildId: guild(1), metadata: { biome: "underground", resource: "ore" } },
  ];
  sites.forEach((site, index) => {
    const x = site.x - o.x;
    const y = site.y - o.y;
    const z = site.z - o.z;
    const clamp = (v: number) => Math.max(0, Math.min(edge, v));
    regions.push({
      regionId: "",
      name: `Settlement ${String.fromCharCode(65 + index)}`,
      ...box(clamp(x - 12), clamp(y - 12), clamp(z - 10), clamp(x + 13), clamp(y + 13), clamp(z + 10)),
      zoneId: 3,
      isProtected: index === 0,
      ownerGuildId: guild(index),
      metadata: { kind: "player settlement" },
    });
  });
  return regions.map((region) => ({ ...region, regionId: stableUuid(`world-seed:${WORLD_SEED}:${edge}:${region.name}`) }));
}
