import type { CharacterClass } from "@/server/character/character.schema";

/**
 * What a new character starts with, per class. Pure data and functions: the service writes these
 * into character_stats / character_positions; docs/characters.md shows the table.
 * Attributes must stay > 0 (positive_stats CHECK). The generated columns follow from them:
 * attack_power = strength*2 + agility, defense_rating = vitality*3, magic_power = intelligence*2,
 * critical_chance = LEAST(luck*0.1, 50).
 */
export interface StartingStats {
  healthMax: number;
  manaMax: number;
  staminaMax: number;
  strength: number;
  agility: number;
  intelligence: number;
  vitality: number;
  luck: number;
}

export const startingStats: Record<CharacterClass, StartingStats> = {
  warrior: { healthMax: 150, manaMax: 30, staminaMax: 120, strength: 16, agility: 10, intelligence: 5, vitality: 15, luck: 8 },
  ranger: { healthMax: 110, manaMax: 50, staminaMax: 130, strength: 10, agility: 16, intelligence: 8, vitality: 10, luck: 12 },
  mage: { healthMax: 80, manaMax: 160, staminaMax: 80, strength: 5, agility: 8, intelligence: 17, vitality: 8, luck: 10 },
  cleric: { healthMax: 110, manaMax: 130, staminaMax: 90, strength: 8, agility: 8, intelligence: 14, vitality: 13, luck: 10 },
  rogue: { healthMax: 100, manaMax: 50, staminaMax: 140, strength: 10, agility: 17, intelligence: 8, vitality: 9, luck: 14 },
  engineer: { healthMax: 120, manaMax: 80, staminaMax: 110, strength: 11, agility: 10, intelligence: 14, vitality: 11, luck: 9 },
};

export interface StartingPosition {
  positionX: number;
  positionY: number;
  positionZ: number;
  zoneId: number;
}

/** Every new character arrives in zone 1 ("Landfall") at the spawn point; the game server moves them from there. */
export const startingPosition: StartingPosition = { positionX: 1250, positionY: -340, positionZ: 64, zoneId: 1 };

/** The four currency types of valid_currency_type; a new character holds zero of each. */
export const currencyTypes = ["gold", "gems", "pvp_tokens", "event_currency"] as const;
export type CurrencyType = (typeof currencyTypes)[number];
