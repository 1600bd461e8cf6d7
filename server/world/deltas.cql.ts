import "server-only";
import type { types } from "cassandra-driver";
import { consistencyFor, longFromBigInt, longFromBits, type LongValue, type WorldStore } from "@/server/clients/cassandra";
import { mapLimit } from "@/lib/map-limit";
import type { CodeRange } from "@/server/world/nodes.cql";

/** A row of `octree_deltas` (the seed's columns plus area_code, reverted_by_player_id, reverts_session_id). */
export interface DeltaRow {
  sessionId: string;
  characterId: number | null;
  hi: number;
  lo: number;
  level: number;
  changeType: string;
  oldMaterialId: number;
  newMaterialId: number;
  /** Epoch ms. */
  timestamp: number;
  isCommitted: boolean;
  areaCode: bigint;
  revertedByPlayerId: number | null;
  revertsSessionId: string | null;
}

const columns =
  "session_id, character_id, morton_code, level, change_type, old_material_id, new_material_id, timestamp, is_committed, area_code, reverted_by_player_id, reverts_session_id";

const cql = (ks: string) => ({
  insert: `INSERT INTO ${ks}.octree_deltas (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  byKey: `SELECT ${columns} FROM ${ks}.octree_deltas WHERE session_id = ? AND timestamp = ? AND morton_code = ? AND level = ?`,
  byArea: `SELECT ${columns} FROM ${ks}.octree_deltas WHERE area_code >= ? AND area_code <= ? LIMIT ?`,
  markReverted: `UPDATE ${ks}.octree_deltas SET is_committed = false WHERE session_id = ? AND timestamp = ? AND morton_code = ? AND level = ?`,
});

function toRow(row: types.Row): DeltaRow {
  const code = row.get("morton_code") as LongValue;
  const character = row.get("character_id") as LongValue | null;
  const revertedBy = row.get("reverted_by_player_id") as LongValue | null;
  const area = row.get("area_code") as LongValue | null;
  return {
    sessionId: String(row.get("session_id")),
    characterId: character ? character.toNumber() : null,
    hi: code.getHighBitsUnsigned(),
    lo: code.getLowBitsUnsigned(),
    level: row.get("level") as number,
    changeType: (row.get("change_type") as string | null) ?? "set",
    oldMaterialId: (row.get("old_material_id") as number | null) ?? 0,
    newMaterialId: (row.get("new_material_id") as number | null) ?? 0,
    timestamp: (row.get("timestamp") as Date).getTime(),
    isCommitted: (row.get("is_committed") as boolean | null) ?? false,
    areaCode: area ? BigInt(area.toString()) : 0n,
    revertedByPlayerId: revertedBy ? revertedBy.toNumber() : null,
    revertsSessionId: row.get("reverts_session_id") ? String(row.get("reverts_session_id")) : null,
  };
}

export function deltaInsertQuery(store: WorldStore, delta: DeltaRow): { query: string; params: unknown[] } {
  return {
    query: cql(store.keyspace).insert,
    params: [
      delta.sessionId,
      delta.characterId === null ? null : longFromBigInt(BigInt(delta.characterId)),
      longFromBits(delta.hi, delta.lo),
      delta.level,
      delta.changeType,
      delta.oldMaterialId,
      delta.newMaterialId,
      new Date(delta.timestamp),
      delta.isCommitted,
      longFromBigInt(delta.areaCode),
      delta.revertedByPlayerId === null ? null : longFromBigInt(BigInt(delta.revertedByPlayerId)),
      delta.revertsSessionId,
    ],
  };
}

export function markRevertedQuery(store: WorldStore, key: DeltaKey): { query: string; params: unknown[] } {
  return { query: cql(store.keyspace).markReverted, params: [key.sessionId, new Date(key.timestamp), longFromBits(key.hi, key.lo), key.level] };
}

/** One logged batch: the delta row(s) and both node tables change together or not at all. */
export async function writeLoggedBatch(store: WorldStore, queries: { query: string; params: unknown[] }[]): Promise<void> {
  await store.cassandra.batch(queries, { prepare: true, logged: true, consistency: consistencyFor(store.cassandra) });
}

export interface DeltaKey {
  sessionId: string;
  timestamp: number;
  hi: number;
  lo: number;
  level: number;
}

export async function readDelta(store: WorldStore, key: DeltaKey): Promise<DeltaRow | null> {
  const result = await store.cassandra.execute(cql(store.keyspace).byKey, [key.sessionId, new Date(key.timestamp), longFromBits(key.hi, key.lo), key.level], {
    prepare: true,
    consistency: consistencyFor(store.cassandra),
  });
  const row = result.first();
  return row ? toRow(row) : null;
}

/** Deltas whose area_code falls in the ranges (SAI range queries, bounded concurrency), at most `limit` per range. */
export async function readDeltasInAreas(store: WorldStore, ranges: readonly CodeRange[], limit: number): Promise<DeltaRow[]> {
  const statement = cql(store.keyspace).byArea;
  const perRange = await mapLimit(ranges, 8, async (range) => {
    const result = await store.cassandra.execute(statement, [longFromBigInt(range.start), longFromBigInt(range.end), limit], {
      prepare: true,
      consistency: consistencyFor(store.cassandra),
      fetchSize: limit,
    });
    return result.rows.map(toRow);
  });
  return perRange.flat();
}
