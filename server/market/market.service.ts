/**
 * The marketplace's rules: listing into escrow, buying (whole or in part), cancelling, and the returns mailbox.
 * Every operation is one database transaction that follows the lock order of server/market/listings.pg.ts;
 * amounts are checked under those locks, debited with a conditional UPDATE, and positive_currency is the last guard.
 */
import "server-only";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import { lockOwnedCharacter } from "@/server/character/inventory.pg";
import {
  claimAndLockPurchase,
  closeListing,
  countActiveListings,
  ensureBalanceRows,
  insertListing,
  lockBalancesAndReadBag,
  lockCharacterBag,
  lockListing,
  lockSourceSlot,
  lockUnclaimedParcels,
  markParcelClaimed,
  storedPurchase,
  takeFromSlot,
  writePurchase,
  type LockedListing,
} from "@/server/market/listings.pg";
import { deliverUpTo, planDelivery, returnToSeller } from "@/server/ledger/delivery.service";
import { marketFee } from "@/server/market/fees.rules";
import type { BuyListingInput, CancelListingInput, CharacterMarketInput, CreateListingInput, CurrencyType } from "@/server/market/market.schema";

/** A seller may have this many active listings per character. */
export const maxActiveListingsPerCharacter = 50;

export const currencyLabels: Record<CurrencyType, string> = { gold: "gold", gems: "gems", pvp_tokens: "PvP tokens", event_currency: "event currency" };

/** Transient conflicts (deadlock, serialization, a slot taken by code that skipped the bag lock) are retried a few times. */
export async function withRetries<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const pg = error as { code?: string; constraint?: string };
      const transient = pg.code === "40P01" || pg.code === "40001" || (pg.code === "23505" && pg.constraint === "unique_equipped_slot");
      if (!transient || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}

function notYourCharacter(field: string): AppError {
  return new AppError("NOT_FOUND", "That character is not one of yours.", { fieldErrors: { [field]: ["Pick one of your characters."] } });
}

async function requireOwned(client: PoolClient, actor: Actor, characterId: number, field: string): Promise<void> {
  const owned = actor.playerId !== null && (await lockOwnedCharacter(client, actor.playerId, characterId));
  if (!owned) throw notYourCharacter(field);
}

// ------------------------------------------------------------------ list

export interface CreatedListing {
  listingId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  pricePerUnit: number;
  currencyType: CurrencyType;
  expiresAt: Date;
}

/** Moves units from an inventory slot into escrow and creates the listing, in one transaction. */
export async function createListing(engines: Engines, actor: Actor, input: CreateListingInput): Promise<CreatedListing> {
  return withRetries(() =>
    withActorSql(engines.postgres.pool, actor, async (client) => {
      await requireOwned(client, actor, input.characterId, "characterId");
      const slot = await lockSourceSlot(client, input.characterId, input.slotPosition);
      if (!slot) throw new AppError("NOT_FOUND", `Slot ${input.slotPosition} is empty.`, { fieldErrors: { slotPosition: ["This slot is empty."] } });
      if (!slot.isTradeable)
        throw new AppError("BAD_INPUT", `${slot.itemName} cannot be traded.`, { fieldErrors: { slotPosition: ["This item cannot be traded."] } });
      if (slot.equipped)
        throw new AppError("BAD_INPUT", `Unequip ${slot.itemName} before selling it.`, { fieldErrors: { slotPosition: ["This item is equipped."] } });
      if (slot.hasInstanceState)
        throw new AppError("BAD_INPUT", `${slot.itemName} is enchanted, worn or customised; only items in mint condition can be listed.`, {
          fieldErrors: { slotPosition: ["Only items in mint condition can be listed."] },
        });
      if (input.quantity > slot.quantity)
        throw new AppError("BAD_INPUT", `You only have ${slot.quantity} ${slot.itemName} in that slot.`, {
          fieldErrors: { quantity: [`At most ${slot.quantity}.`] },
        });
      if ((await countActiveListings(client, input.characterId)) >= maxActiveListingsPerCharacter)
        throw new AppError("PRECONDITION_FAILED", `A character can have at most ${maxActiveListingsPerCharacter} active listings.`);

      await takeFromSlot(client, slot.inventorySlotId, slot.quantity, input.quantity);
      // The balance a sale will credit exists from now on, so a purchase only updates locked rows.
      await ensureBalanceRows(client, [input.characterId], input.currencyType);
      const created = await insertListing(client, {
        sellerCharacterId: input.characterId,
        itemId: slot.itemId,
        quantity: input.quantity,
        pricePerUnit: input.pricePerUnit,
        currencyType: input.currencyType,
        durationHours: input.durationHours,
      });
      return {
        listingId: created.listingId,
        itemId: slot.itemId,
        itemName: slot.itemName,
        quantity: input.quantity,
        pricePerUnit: input.pricePerUnit,
        currencyType: input.currencyType,
        expiresAt: created.expiresAt,
      };
    }),
  );
}

// ------------------------------------------------------------------ buy

export interface PurchaseResult {
  listingId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  pricePerUnit: number;
  total: number;
  fee: number;
  currencyType: CurrencyType;
  buyerCharacterId: number;
  sellerCharacterId: number;
  /** The buyer's balance right after the purchase. */
  buyerBalance: number;
  listingStatus: "active" | "sold";
  remainingQuantity: number;
  purchaseTransactionId: number;
  saleTransactionId: number;
  /** True when this answer is the stored result of an earlier request with the same idempotency key. */
  replayed: boolean;
}

function listingGoneMessage(listing: LockedListing): string | null {
  if (listing.status === "sold") return "This listing has already been sold.";
  if (listing.status === "cancelled") return "This listing was cancelled by the seller.";
  if (listing.status === "expired" || listing.expired) return "This listing has expired.";
  return null;
}

/**
 * Buys `quantity` units of a listing in one transaction. A retry with the same idempotency key returns the first
 * result; a failed attempt leaves nothing behind (the key included), so it can be retried as it is.
 */
export async function buyListing(engines: Engines, actor: Actor, input: BuyListingInput): Promise<PurchaseResult> {
  return withRetries(() =>
    withActorSql(engines.postgres.pool, actor, async (client) => {
      const { claimed, buyerOwned, listing } = await claimAndLockPurchase(client, {
        buyerCharacterId: input.buyerCharacterId,
        playerId: actor.playerId,
        idempotencyKey: input.idempotencyKey,
        listingId: input.listingId,
        quantity: input.quantity,
      });
      if (!claimed) {
        const previous = await storedPurchase(client, input.buyerCharacterId, input.idempotencyKey);
        if (!previous || previous.listingId !== input.listingId || previous.quantity !== input.quantity || !previous.result)
          throw new AppError("CONFLICT", "This request key was already used for a different purchase. Reload the page and try again.");
        // Ownership still applies to replays: a key alone must not reveal someone else's purchase.
        await requireOwned(client, actor, input.buyerCharacterId, "buyerCharacterId");
        return { ...(previous.result as PurchaseResult), replayed: true };
      }

      if (!listing) throw new AppError("NOT_FOUND", "That listing does not exist.");
      if (!buyerOwned) throw notYourCharacter("buyerCharacterId");
      const gone = listingGoneMessage(listing);
      if (gone) throw new AppError("CONFLICT", gone);
      if (listing.sellerCharacterId === input.buyerCharacterId) throw new AppError("BAD_INPUT", "You cannot buy your own listing.");
      if (input.quantity > listing.quantity)
        throw new AppError("CONFLICT", `Only ${listing.quantity} left on this listing.`, { fieldErrors: { quantity: [`At most ${listing.quantity}.`] } });

      const total = input.quantity * listing.pricePerUnit;
      const fee = marketFee(total);
      const currency = listing.currencyType;
      const parties = [input.buyerCharacterId, listing.sellerCharacterId].sort((a, b) => a - b);
      let { balances, bag } = await lockBalancesAndReadBag(client, parties, currency, input.buyerCharacterId);
      if (!balances.has(listing.sellerCharacterId)) {
        // Listings made before the seller held this currency: create the row to credit, then lock again in order.
        await ensureBalanceRows(client, [listing.sellerCharacterId], currency);
        ({ balances, bag } = await lockBalancesAndReadBag(client, parties, currency, input.buyerCharacterId));
      }
      const held = balances.get(input.buyerCharacterId) ?? 0;
      if (held < total)
        throw new AppError("PRECONDITION_FAILED", `Not enough ${currencyLabels[currency]}: this costs ${total}, you have ${held}.`, {
          fieldErrors: { quantity: ["You cannot afford this many."] },
        });

      const delivery = planDelivery(bag, listing, input.quantity);
      if (!delivery.ok)
        throw new AppError(
          "PRECONDITION_FAILED",
          delivery.room === 0
            ? `Your inventory is full: make room for ${listing.itemName} first.`
            : `Your inventory has room for only ${delivery.room} ${listing.itemName}.`,
          { fieldErrors: { quantity: [delivery.room === 0 ? "Your inventory is full." : `Room for ${delivery.room}.`] } },
        );

      const remaining = listing.quantity - input.quantity;
      const base = {
        listingId: listing.listingId,
        itemId: listing.itemId,
        itemName: listing.itemName,
        quantity: input.quantity,
        pricePerUnit: listing.pricePerUnit,
        total,
        fee,
        currencyType: currency,
        buyerCharacterId: input.buyerCharacterId,
        sellerCharacterId: listing.sellerCharacterId,
        listingStatus: remaining > 0 ? ("active" as const) : ("sold" as const),
        remainingQuantity: remaining,
        replayed: false,
      };
      const written = await writePurchase(client, {
        listingId: listing.listingId,
        buyerCharacterId: input.buyerCharacterId,
        sellerCharacterId: listing.sellerCharacterId,
        currencyType: currency,
        itemId: listing.itemId,
        quantity: input.quantity,
        total,
        fee,
        remaining,
        idempotencyKey: input.idempotencyKey,
        metadata: { listing_id: listing.listingId, fee, idempotency_key: input.idempotencyKey, unit_price: listing.pricePerUnit },
        result: base,
        placement: delivery.plan,
      });
      // Second guard behind the locks: the conditional debit matched nothing. Throwing rolls every write back.
      if (written.buyerBalance === null) throw new AppError("PRECONDITION_FAILED", `Not enough ${currencyLabels[currency]}.`);
      if (!written.sellerCredited) throw new Error(`seller ${listing.sellerCharacterId} has no ${currency} balance row to credit`);
      const result: PurchaseResult = {
        ...base,
        buyerBalance: written.buyerBalance,
        purchaseTransactionId: written.purchaseTransactionId,
        saleTransactionId: written.saleTransactionId,
      };
      return result;
    }),
  );
}

// ------------------------------------------------------------------ cancel and expire

export interface ReturnedListing {
  listingId: number;
  status: "cancelled" | "expired";
  quantity: number;
  toBag: number;
  toMailbox: number;
}

/** Closes a locked active listing and returns its units to the seller (bag first, mailbox for the rest). */
async function closeAndReturn(client: PoolClient, listing: LockedListing, status: "cancelled" | "expired"): Promise<ReturnedListing> {
  await lockCharacterBag(client, listing.sellerCharacterId);
  await closeListing(client, listing.listingId, status);
  const returned = await returnToSeller(client, listing.sellerCharacterId, listing, listing.quantity, { listingId: listing.listingId, reason: status });
  return { listingId: listing.listingId, status, quantity: listing.quantity, ...returned };
}

/** The seller takes a listing back. Expired-but-not-yet-collected listings can be cancelled too (same effect as expiry). */
export async function cancelListing(engines: Engines, actor: Actor, input: CancelListingInput): Promise<ReturnedListing> {
  return withRetries(() =>
    withActorSql(engines.postgres.pool, actor, async (client) => {
      const listing = await lockListing(client, input.listingId);
      if (!listing || listing.sellerPlayerId !== actor.playerId) throw new AppError("NOT_FOUND", "That listing is not one of yours.");
      if (listing.status !== "active") throw new AppError("CONFLICT", listingGoneMessage(listing) ?? "This listing is closed.");
      return closeAndReturn(client, listing, listing.expired ? "expired" : "cancelled");
    }),
  );
}

/**
 * Expires one listing if it is still active and past its time. The caller locked it with SKIP LOCKED, so two
 * concurrent runs never handle the same listing, and the status check under the lock makes a re-run a no-op.
 */
export async function expireLockedListing(client: PoolClient, listingId: number): Promise<ReturnedListing | null> {
  const listing = await lockListing(client, listingId);
  if (!listing || listing.status !== "active" || !listing.expired) return null;
  return closeAndReturn(client, listing, "expired");
}

// ------------------------------------------------------------------ mailbox

export interface ClaimResult {
  claimed: number;
  left: number;
}

/** Moves mailbox parcels into the bag as far as room allows; what does not fit stays in the mailbox. */
export async function claimMailbox(engines: Engines, actor: Actor, input: CharacterMarketInput): Promise<ClaimResult> {
  return withRetries(() =>
    withActorSql(engines.postgres.pool, actor, async (client) => {
      await requireOwned(client, actor, input.characterId, "characterId");
      const parcels = await lockUnclaimedParcels(client, input.characterId);
      let claimed = 0;
      let left = 0;
      for (const parcel of parcels) {
        const { returnedToBag } = await claimParcel(client, input.characterId, parcel);
        claimed += returnedToBag;
        left += parcel.quantity - returnedToBag;
      }
      if (parcels.length > 0 && claimed === 0) throw new AppError("PRECONDITION_FAILED", "Your inventory is full: make room before collecting.");
      return { claimed, left };
    }),
  );
}

async function claimParcel(
  client: PoolClient,
  characterId: number,
  parcel: { parcelId: number; itemId: number; maxStackSize: number; quantity: number },
): Promise<{ returnedToBag: number }> {
  const take = await deliverUpTo(client, characterId, parcel, parcel.quantity);
  if (take > 0) await markParcelClaimed(client, parcel.parcelId, parcel.quantity - take);
  return { returnedToBag: take };
}
