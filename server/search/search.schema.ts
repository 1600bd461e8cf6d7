import { z } from "zod";
import { itemTypes, rarities } from "@/server/market/market.schema";

/** Inputs of the search procedures (server/search/search.router.ts), shared by the search box and the search page. */

/** What a person types; limited like the market's text filter (items_master.item_name is VARCHAR(100)). */
export const searchTextSchema = z.string().trim().max(100, "Search for at most 100 characters.");

export const globalSearchInput = z.object({
  q: searchTextSchema.min(1, "Type something to search for."),
  /** Facet filters over items: the CHECK constraints valid_item_type / valid_rarity. */
  itemType: z.enum(itemTypes).optional(),
  rarity: z.enum(rarities).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});
export type GlobalSearchInput = z.input<typeof globalSearchInput>;

export const suggestInput = z.object({
  q: searchTextSchema,
  limit: z.number().int().min(1).max(10).default(5),
});
export type SuggestInput = z.input<typeof suggestInput>;
