import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  countActiveCharacters,
  guildStanding,
  insertCharacter,
  listActiveCharacters,
  loadCharacterHeader,
  lockOwnedCharacterForUpdate,
  lockPlayerRow,
  softDeleteCharacter,
  type CharacterHeaderRow,
  type CharacterSummaryRow,
} from "@/server/character/character.pg";
import { loadInventory, type InventoryRow } from "@/server/character/inventory.pg";
import { maxActiveCharacters, type CreateCharacterInput, type DeleteCharacterInput } from "@/server/character/character.schema";
import { equipmentSlots, type EquipmentSlot } from "@/server/character/equipment.schema";
import { inventoryCapacity } from "@/server/character/inventory.schema";
import { currencyTypes, startingPosition, startingStats, type CurrencyType } from "@/server/character/classes.rules";
import { allowedEquipmentSlots } from "@/server/character/equipment.rules";
import { recordCharacterLevel, removeCharacter } from "@/server/leaderboard/leaderboard.service";

/** The rules for a player's characters: list, create (10 per player, unique active names), soft delete, the character sheet. */
type Postgres = Pick<Engines, "postgres">;
type PostgresAndRedis = Pick<Engines, "postgres" | "redis">;

/**
 * Leaderboards live in Redis as a derived index (server/leaderboard/leaderboard.service.ts): updated after the PostgreSQL commit,
 * and a failure there must not undo or fail the character change; `npm run leaderboards:rebuild` repairs it.
 */
async function afterCommit(what: string, update: () => Promise<void>): Promise<void> {
  try {
    await update();
  } catch (error) {
    console.warn(`[characters] ${what} failed; the leaderboard rebuild will repair it`, error);
  }
}

export type CharacterSummary = CharacterSummaryRow;

export async function listCharacters(engines: Postgres, playerId: number): Promise<CharacterSummary[]> {
  return listActiveCharacters(engines.postgres.pool, playerId);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pg = error as { code?: string; constraint?: string };
  return pg?.code === "23505" && pg.constraint === constraint;
}

export async function createCharacter(engines: PostgresAndRedis, actor: Actor, playerId: number, input: CreateCharacterInput): Promise<CharacterSummary> {
  let created: CharacterSummary;
  try {
    created = await withActorSql(engines.postgres.pool, actor, async (client) => {
      if (!(await lockPlayerRow(client, playerId))) throw new AppError("NOT_FOUND", "Your account no longer exists.");
      const active = await countActiveCharacters(client, playerId);
      if (active >= maxActiveCharacters) {
        throw new AppError("PRECONDITION_FAILED", `You already have ${maxActiveCharacters} characters. Delete one to make room.`);
      }
      return insertCharacter(client, {
        playerId,
        name: input.name,
        characterClass: input.characterClass,
        stats: startingStats[input.characterClass],
        position: startingPosition,
        currencyTypes,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "unique_active_character_name")) {
      throw new AppError("CONFLICT", "That character name is taken.", { fieldErrors: { name: ["That character name is taken."] } });
    }
    throw error;
  }
  await afterCommit("leaderboard level", () => recordCharacterLevel(engines.redis, created.characterId, created.level));
  return created;
}

export async function deleteCharacter(engines: PostgresAndRedis, actor: Actor, playerId: number, input: DeleteCharacterInput): Promise<{ characterId: number }> {
  const deleted = await withActorSql(engines.postgres.pool, actor, async (client) => {
    if (!(await lockOwnedCharacterForUpdate(client, playerId, input.characterId))) throw characterNotFound();
    const standing = await guildStanding(client, input.characterId);
    // Seed business rule: a guild leader hands over leadership first (guilds.leader_character_id has no ON DELETE rule).
    if (standing.leadsAGuild) {
      throw new AppError("PRECONDITION_FAILED", "This character leads a guild. Transfer the leadership before deleting it.");
    }
    const row = await softDeleteCharacter(client, playerId, input.characterId);
    if (!row) throw characterNotFound();
    return { characterId: row.characterId, guildId: standing.guildId };
  });
  await afterCommit("leaderboard/presence removal", () => removeCharacter(engines.redis, deleted.characterId, deleted.guildId));
  return { characterId: deleted.characterId };
}

export function characterNotFound(): AppError {
  return new AppError("NOT_FOUND", "No such character on your account.");
}

// ---------------------------------------------------------------- the character sheet

export interface CharacterStatsDto {
  healthCurrent: number;
  healthMax: number;
  manaCurrent: number;
  manaMax: number;
  staminaCurrent: number;
  staminaMax: number;
  strength: number;
  agility: number;
  intelligence: number;
  vitality: number;
  luck: number;
  attackPower: number;
  defenseRating: number;
  magicPower: number;
  criticalChance: number;
}

export interface CharacterPositionDto {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
  zoneId: number;
  instanceId: string | null;
}

export interface CharacterHeader extends CharacterSummary {
  totalPlaytimeSeconds: number;
  stats: CharacterStatsDto | null;
  position: CharacterPositionDto | null;
  currencies: Record<CurrencyType, number>;
}

export interface InventorySlotDto {
  inventorySlotId: number;
  slotPosition: number;
  itemId: number;
  itemName: string;
  itemType: string;
  rarity: string;
  description: string | null;
  iconUrl: string | null;
  quantity: number;
  maxStackSize: number;
  requiredLevel: number;
  durabilityCurrent: number | null;
  durabilityMax: number | null;
  enchantmentLevel: number;
  equippedIn: EquipmentSlot | null;
  allowedEquipmentSlots: EquipmentSlot[];
}

export interface CharacterSheet {
  character: CharacterHeader;
  inventory: { capacity: number; slots: InventorySlotDto[] };
  /** All 12 slots in display order; slotPosition points into inventory.slots, null when empty. */
  equipment: { equipmentSlot: EquipmentSlot; slotPosition: number | null }[];
}

function toHeader(row: CharacterHeaderRow): CharacterHeader {
  const stats: CharacterStatsDto | null =
    row.healthMax === null
      ? null
      : {
          healthCurrent: row.healthCurrent ?? 0,
          healthMax: row.healthMax,
          manaCurrent: row.manaCurrent ?? 0,
          manaMax: row.manaMax ?? 0,
          staminaCurrent: row.staminaCurrent ?? 0,
          staminaMax: row.staminaMax ?? 0,
          strength: row.strength ?? 0,
          agility: row.agility ?? 0,
          intelligence: row.intelligence ?? 0,
          vitality: row.vitality ?? 0,
          luck: row.luck ?? 0,
          attackPower: row.attackPower ?? 0,
          defenseRating: row.defenseRating ?? 0,
          magicPower: row.magicPower ?? 0,
          criticalChance: Number(row.criticalChance ?? 0),
        };
  const position: CharacterPositionDto | null =
    row.positionX === null || row.zoneId === null
      ? null
      : {
          x: row.positionX,
          y: row.positionY ?? 0,
          z: row.positionZ ?? 0,
          yaw: row.rotationYaw ?? 0,
          pitch: row.rotationPitch ?? 0,
          zoneId: row.zoneId,
          instanceId: row.instanceId,
        };
  return {
    characterId: row.characterId,
    name: row.name,
    characterClass: row.characterClass,
    level: row.level,
    experiencePoints: row.experiencePoints,
    createdAt: row.createdAt,
    lastPlayed: row.lastPlayed,
    isActive: row.isActive,
    zoneId: row.zoneId,
    totalPlaytimeSeconds: row.totalPlaytimeSeconds,
    stats,
    position,
    currencies: { gold: row.gold ?? 0, gems: row.gems ?? 0, pvp_tokens: row.pvpTokens ?? 0, event_currency: row.eventCurrency ?? 0 },
  };
}

function isEquipmentSlot(value: string | null): value is EquipmentSlot {
  return value !== null && (equipmentSlots as readonly string[]).includes(value);
}

export function toInventorySlot(row: InventoryRow): InventorySlotDto {
  return {
    inventorySlotId: row.inventorySlotId,
    slotPosition: row.slotPosition,
    itemId: row.itemId,
    itemName: row.itemName,
    itemType: row.itemType,
    rarity: row.rarity,
    description: row.description,
    iconUrl: row.iconUrl,
    quantity: row.quantity,
    maxStackSize: row.maxStackSize,
    requiredLevel: row.requiredLevel,
    durabilityCurrent: row.durabilityCurrent,
    durabilityMax: row.durabilityMax,
    enchantmentLevel: row.enchantmentLevel,
    equippedIn: isEquipmentSlot(row.equippedIn) ? row.equippedIn : null,
    allowedEquipmentSlots: allowedEquipmentSlots({ itemType: row.itemType, properties: row.properties }),
  };
}

/**
 * Everything the character page shows above its tabs: the header (one round trip, the seed's loading query) and
 * the bag with equipment (a second query, issued in parallel). Quests and achievements load with their tabs.
 */
export async function loadCharacterSheet(engines: Postgres, playerId: number, characterId: number): Promise<CharacterSheet> {
  const pool = engines.postgres.pool;
  const [header, inventory] = await Promise.all([loadCharacterHeader(pool, playerId, characterId), loadInventory(pool, playerId, characterId)]);
  if (!header || !inventory) throw characterNotFound();
  const slots = inventory.map(toInventorySlot);
  const equippedAt = new Map<EquipmentSlot, number>();
  for (const slot of slots) if (slot.equippedIn) equippedAt.set(slot.equippedIn, slot.slotPosition);
  return {
    character: toHeader(header),
    inventory: { capacity: inventoryCapacity, slots },
    equipment: equipmentSlots.map((equipmentSlot) => ({ equipmentSlot, slotPosition: equippedAt.get(equipmentSlot) ?? null })),
  };
}
