import type { PgPool } from "@/server/clients/postgres";
import { createInnerContext } from "@/server/context";
import type { Engines } from "@/server/engines";
import { createCaller } from "@/server/app.router";
import { unique } from "@/tests/helpers/engines";

/** Rows of its own for each test (unique names, random reference-data ids), so test files run in parallel. */

export async function createPlayer(pool: PgPool): Promise<{ playerId: number; username: string }> {
  const username = unique("pl");
  const { rows } = await pool.query<{ playerId: number }>(
    `INSERT INTO game_data.players (username, email, password_hash) VALUES ($1, $2, 'not-a-real-hash') RETURNING player_id AS "playerId"`,
    [username, `${username}@example.test`],
  );
  return { playerId: rows[0]!.playerId, username };
}

export function callerFor(engines: Engines, player: { playerId: number; username: string }) {
  return createCaller(createInnerContext({ engines, session: { playerId: player.playerId, username: player.username, roles: [] } }));
}

/** A random id in a range the demo catalogue does not use; items_master.item_id has no sequence. */
function referenceId(): number {
  return 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
}

export interface ItemSpec {
  itemType?: "weapon" | "armor" | "consumable" | "material" | "quest" | "misc";
  maxStackSize?: number;
  requiredLevel?: number;
  properties?: Record<string, unknown> | null;
  name?: string;
}

export async function createItem(pool: PgPool, spec: ItemSpec = {}): Promise<number> {
  const itemId = referenceId();
  await pool.query(
    `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, required_level, properties)
     VALUES ($1, $2, $3, 'common', $4, $5, $6)`,
    [itemId, spec.name ?? `Item ${itemId}`, spec.itemType ?? "material", spec.maxStackSize ?? 1, spec.requiredLevel ?? 1, spec.properties ? JSON.stringify(spec.properties) : null],
  );
  return itemId;
}

export async function putItem(
  pool: PgPool,
  characterId: number,
  itemId: number,
  slotPosition: number,
  quantity = 1,
  extra: { durabilityCurrent?: number; durabilityMax?: number; enchantmentLevel?: number } = {},
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position, durability_current, durability_max, enchantment_level)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING inventory_slot_id AS id`,
    [characterId, itemId, quantity, slotPosition, extra.durabilityCurrent ?? null, extra.durabilityMax ?? null, extra.enchantmentLevel ?? 0],
  );
  return rows[0]!.id;
}

export async function bagOf(pool: PgPool, characterId: number) {
  const { rows } = await pool.query<{ slotPosition: number; itemId: number; quantity: number; isEquipped: boolean; inventorySlotId: number }>(
    `SELECT slot_position AS "slotPosition", item_id AS "itemId", quantity, COALESCE(is_equipped, FALSE) AS "isEquipped", inventory_slot_id AS "inventorySlotId"
       FROM game_data.character_inventory WHERE character_id = $1 ORDER BY slot_position`,
    [characterId],
  );
  return rows;
}

export async function equipmentOf(pool: PgPool, characterId: number) {
  const { rows } = await pool.query<{ equipmentSlot: string; inventorySlotId: number | null }>(
    `SELECT equipment_slot AS "equipmentSlot", inventory_slot_id AS "inventorySlotId" FROM game_data.character_equipment
      WHERE character_id = $1 AND inventory_slot_id IS NOT NULL ORDER BY equipment_slot`,
    [characterId],
  );
  return rows;
}

/** is_equipped must be TRUE exactly for the bag rows some equipment slot points at. */
export async function equipmentIsConsistent(pool: PgPool, characterId: number): Promise<boolean> {
  const { rows } = await pool.query<{ bad: number }>(
    `SELECT count(*)::int AS bad FROM game_data.character_inventory ci
      WHERE ci.character_id = $1
        AND COALESCE(ci.is_equipped, FALSE) <> EXISTS (SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id)`,
    [characterId],
  );
  return rows[0]!.bad === 0;
}

export async function createQuest(pool: PgPool, objectives: unknown[], name = "A quest"): Promise<number> {
  const questId = referenceId();
  await pool.query(
    `INSERT INTO game_data.quests_master (quest_id, quest_name, quest_type, objectives) VALUES ($1, $2, 'side', $3)`,
    [questId, name, JSON.stringify(objectives)],
  );
  return questId;
}

export async function createAchievement(pool: PgPool, spec: { name: string; points?: number; hidden?: boolean }): Promise<number> {
  const achievementId = referenceId();
  await pool.query(
    `INSERT INTO game_data.achievements_master (achievement_id, achievement_name, category, points, criteria, is_hidden)
     VALUES ($1, $2, 'test', $3, '{}'::jsonb, $4)`,
    [achievementId, spec.name, spec.points ?? 10, spec.hidden ?? false],
  );
  return achievementId;
}

/** tRPC's error code of a rejected call, for `await expect(...).rejects` alternatives. */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? "NO_CODE";
  }
  return "RESOLVED";
}
