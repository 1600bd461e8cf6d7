import "server-only";
import type { types } from "cassandra-driver";
import { consistencyFor, longFromBigInt, type LongValue, type WorldStore } from "@/server/clients/cassandra";

/** The `materials` and `spatial_regions` tables: small reference data, read whole. */

export interface MaterialRow {
  materialId: number;
  name: string;
  type: string;
  density: number;
  hardness: number;
  color: string;
}

export interface RegionRow {
  regionId: string;
  name: string;
  min: { x: number; y: number; z: number };
  max: { x: number; y: number; z: number };
  zoneId: number | null;
  isProtected: boolean;
  ownerGuildId: number | null;
  metadata: Record<string, string>;
}

const cql = (ks: string) => ({
  materials: `SELECT material_id, material_name, material_type, density, hardness, properties FROM ${ks}.materials`,
  insertMaterial: `INSERT INTO ${ks}.materials (material_id, material_name, material_type, density, hardness, properties, render_shader, texture_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  regions: `SELECT region_id, region_name, bounds_min_x, bounds_min_y, bounds_min_z, bounds_max_x, bounds_max_y, bounds_max_z, zone_id, is_protected, owner_guild_id, metadata FROM ${ks}.spatial_regions`,
  region: `SELECT region_id, region_name, bounds_min_x, bounds_min_y, bounds_min_z, bounds_max_x, bounds_max_y, bounds_max_z, zone_id, is_protected, owner_guild_id, metadata FROM ${ks}.spatial_regions WHERE region_id = ?`,
  insertRegion: `INSERT INTO ${ks}.spatial_regions (region_id, region_name, bounds_min_x, bounds_min_y, bounds_min_z, bounds_max_x, bounds_max_y, bounds_max_z, zone_id, is_protected, owner_guild_id, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
});

export async function listMaterials(store: WorldStore): Promise<MaterialRow[]> {
  const result = await store.cassandra.execute(cql(store.keyspace).materials, [], { prepare: true, consistency: consistencyFor(store.cassandra) });
  return result.rows
    .map((row) => {
      const properties = (row.get("properties") as Record<string, string> | null) ?? {};
      return {
        materialId: row.get("material_id") as number,
        name: (row.get("material_name") as string | null) ?? `Material ${row.get("material_id")}`,
        type: (row.get("material_type") as string | null) ?? "unknown",
        density: (row.get("density") as number | null) ?? 0,
        hardness: (row.get("hardness") as number | null) ?? 0,
        color: properties.color ?? "#888888",
      };
    })
    .sort((a, b) => a.materialId - b.materialId);
}

export async function writeMaterials(store: WorldStore, materials: readonly (MaterialRow & { shader: string; createdAt: Date })[]): Promise<void> {
  const statement = cql(store.keyspace).insertMaterial;
  await Promise.all(
    materials.map((m) =>
      store.cassandra.execute(statement, [m.materialId, m.name, m.type, m.density, m.hardness, { color: m.color }, m.shader, null, m.createdAt], {
        prepare: true,
        consistency: consistencyFor(store.cassandra),
      }),
    ),
  );
}

function toRegion(row: types.Row): RegionRow {
  const owner = row.get("owner_guild_id") as LongValue | null;
  return {
    regionId: String(row.get("region_id")),
    name: (row.get("region_name") as string | null) ?? "(unnamed)",
    min: { x: row.get("bounds_min_x") as number, y: row.get("bounds_min_y") as number, z: row.get("bounds_min_z") as number },
    max: { x: row.get("bounds_max_x") as number, y: row.get("bounds_max_y") as number, z: row.get("bounds_max_z") as number },
    zoneId: (row.get("zone_id") as number | null) ?? null,
    isProtected: (row.get("is_protected") as boolean | null) ?? false,
    ownerGuildId: owner ? owner.toNumber() : null,
    metadata: (row.get("metadata") as Record<string, string> | null) ?? {},
  };
}

export async function listRegions(store: WorldStore): Promise<RegionRow[]> {
  const result = await store.cassandra.execute(cql(store.keyspace).regions, [], { prepare: true, consistency: consistencyFor(store.cassandra), fetchSize: 1000 });
  return result.rows.map(toRegion).sort((a, b) => (a.zoneId ?? 0) - (b.zoneId ?? 0) || a.name.localeCompare(b.name));
}

export async function readRegion(store: WorldStore, regionId: string): Promise<RegionRow | null> {
  const result = await store.cassandra.execute(cql(store.keyspace).region, [regionId], { prepare: true, consistency: consistencyFor(store.cassandra) });
  const row = result.first();
  return row ? toRegion(row) : null;
}

export async function writeRegion(store: WorldStore, region: RegionRow): Promise<void> {
  await store.cassandra.execute(
    cql(store.keyspace).insertRegion,
    [
      region.regionId,
      region.name,
      region.min.x,
      region.min.y,
      region.min.z,
      region.max.x,
      region.max.y,
      region.max.z,
      region.zoneId,
      region.isProtected,
      region.ownerGuildId === null ? null : longFromBigInt(BigInt(region.ownerGuildId)),
      region.metadata,
    ],
    { prepare: true, consistency: consistencyFor(store.cassandra) },
  );
}
