import { z } from "zod";
import { characterIdSchema } from "@/server/character/character.schema";
import { itemQuantitySchema, slotPositionSchema } from "@/server/character/inventory.schema";

/**
 * Inputs of the market procedures, mirroring the CHECK constraints of game_data.marketplace_listings
 * (positive_price, positive_quantity, valid_listing_status), character_currencies (valid_currency_type),
 * items_master (valid_item_type, valid_rarity) and market_idempotency_keys (market_idempotency_key_format).
 */

export const currencyTypes = ["gold", "gems", "pvp_tokens", "event_currency"] as const;
export type CurrencyType = (typeof currencyTypes)[number];
export const itemTypes = ["weapon", "armor", "consumable", "material", "quest", "misc"] as const;
export const rarities = ["common", "uncommon", "rare", "epic", "legendary", "mythic"] as const;
export const listingStatuses = ["active", "sold", "expired", "cancelled"] as const;
export type ListingStatus = (typeof listingStatuses)[number];
export const listingDurations = [12, 24, 48] as const;

/** A listing's total value stays far below 2^53 so amounts are exact JavaScript numbers (server/clients/postgres.ts). */
export const maxListingTotal = 1_000_000_000_000_000;
export const maxPricePerUnit = 1_000_000_000_000;

export const currencyTypeSchema = z.enum(currencyTypes, { error: "Pick gold, gems, PvP tokens or event currency." });
export const listingIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const pricePerUnitSchema = z
  .number({ error: "Enter a price." })
  .int("Prices are whole numbers.")
  .min(1, "The price must be at least 1.")
  .max(maxPricePerUnit, "That price is too high.");

export const createListingInput = z
  .object({
    characterId: characterIdSchema,
    slotPosition: slotPositionSchema,
    quantity: itemQuantitySchema,
    pricePerUnit: pricePerUnitSchema,
    currencyType: currencyTypeSchema,
    durationHours: z.union([z.literal(12), z.literal(24), z.literal(48)], { error: "Listings run for 12, 24 or 48 hours." }),
  })
  .refine((value) => value.quantity * value.pricePerUnit <= maxListingTotal, { message: "The total value is too high.", path: ["pricePerUnit"] });
export type CreateListingInput = z.infer<typeof createListingInput>;

/** A client-generated key (e.g. crypto.randomUUID()) that makes a retried purchase return the first result. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "The request key must be 8 to 100 letters, digits, '-' or '_'.");

export const buyListingInput = z.object({
  listingId: listingIdSchema,
  buyerCharacterId: characterIdSchema,
  quantity: itemQuantitySchema,
  idempotencyKey: idempotencyKeySchema,
});
export type BuyListingInput = z.infer<typeof buyListingInput>;

export const cancelListingInput = z.object({ listingId: listingIdSchema });
export type CancelListingInput = z.infer<typeof cancelListingInput>;

export const characterMarketInput = z.object({ characterId: characterIdSchema });
export type CharacterMarketInput = z.infer<typeof characterMarketInput>;

const levelSchema = z.number().int("Levels are whole numbers.").min(1, "Levels start at 1.").max(100, "Levels end at 100.");
const priceFilterSchema = z.number().int("Prices are whole numbers.").min(1, "Prices start at 1.").max(maxPricePerUnit);

export const searchListingsInput = z
  .object({
    text: z.string().trim().max(100, "Search for at most 100 characters.").optional(),
    itemId: z.number().int().positive().max(2_147_483_647).optional(),
    itemType: z.enum(itemTypes).optional(),
    rarity: z.enum(rarities).optional(),
    minLevel: levelSchema.optional(),
    maxLevel: levelSchema.optional(),
    minPrice: priceFilterSchema.optional(),
    maxPrice: priceFilterSchema.optional(),
    currencyType: currencyTypeSchema.optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(200).nullish(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((v) => v.minPrice === undefined || v.maxPrice === undefined || v.minPrice <= v.maxPrice, {
    message: "The lowest price must not exceed the highest.",
    path: ["maxPrice"],
  })
  .refine((v) => v.minLevel === undefined || v.maxLevel === undefined || v.minLevel <= v.maxLevel, {
    message: "The lowest level must not exceed the highest.",
    path: ["maxLevel"],
  });
export type SearchListingsInput = z.input<typeof searchListingsInput>;
export type SearchListingsQuery = z.output<typeof searchListingsInput>;

export const itemMarketInput = z.object({
  itemId: z.number().int().positive().max(2_147_483_647),
  currencyType: currencyTypeSchema.default("gold"),
  days: z.number().int().min(1).max(365).default(30),
});
export type ItemMarketInput = z.output<typeof itemMarketInput>;

export const marketHistoryInput = z.object({
  characterId: characterIdSchema,
  limit: z.number().int().min(1).max(200).default(50),
});
export type MarketHistoryInput = z.output<typeof marketHistoryInput>;
