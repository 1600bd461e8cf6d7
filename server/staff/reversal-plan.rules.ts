/**
 * What reversing a transaction means, as a pure function of the rows (no database): who gets what back.
 * server/staff/transaction-review.service.ts loads and locks the rows, asks this module, checks balances and bags, applies.
 *
 * The market's conventions (server/market/market.service.ts):
 * - a purchase is two rows written together: 'purchase' (from = buyer, to = seller, currency_amount = the price,
 *   item_quantity = units delivered to the buyer) and 'sale' (from = seller, to = buyer, currency_amount = what the
 *   seller received, i.e. price − fee); both carry metadata {listing_id, fee, idempotency_key, unit_price};
 * - a trade row moves its currency and its items from `from` to `to`.
 * Reversal: the buyer is refunded the price, the seller gives back what they received, the units go back from the buyer
 * to the seller, and the fee (which had left the economy) comes back as an economy_ledger entry. For a trade row, the
 * receiver gives back the currency and the items.
 */
import type { LockedTransaction } from "@/server/staff/transaction-review.pg";

/** The columns of a transaction row that decide its reversal (the repository's DTO). */
export type TransactionFacts = LockedTransaction;

export interface PlannedRow {
  type: string;
  fromCharacterId: number;
  toCharacterId: number;
  currencyType: string | null;
  currencyAmount: number | null;
  itemId: number | null;
  itemQuantity: number | null;
  reverses: number;
}

export interface ReversalPlan {
  kind: "purchase" | "trade";
  /** Currency moves: positive = credit, negative = debit. */
  currency: { currencyType: string; changes: { characterId: number; delta: number; role: string }[] } | null;
  /** Units that go back: taken from `fromCharacterId`'s bag, placed in `toCharacterId`'s bag. */
  items: { itemId: number; quantity: number; fromCharacterId: number; toCharacterId: number; holderRole: string; receiverRole: string } | null;
  /** Market fee returned to the economy (economy_ledger entry). */
  feeRefund: number;
  /** One compensating row per original row. */
  rows: PlannedRow[];
  /** The originals to mark {reversed_by}. */
  originals: number[];
}

export type PlanOutcome = { ok: true; plan: ReversalPlan } | { ok: false; code: "CONFLICT" | "PRECONDITION_FAILED" | "BAD_INPUT"; message: string };

const refuse = (code: "CONFLICT" | "PRECONDITION_FAILED" | "BAD_INPUT", message: string): PlanOutcome => ({ ok: false, code, message });

/** Refusals that only depend on the row itself (shared by purchase, sale and trade). */
export function reversalRefusal(row: TransactionFacts): PlanOutcome | null {
  const meta = row.metadata ?? {};
  if (meta.reverses !== undefined) return refuse("CONFLICT", `Transaction #${row.transactionId} is itself the reversal of #${String(meta.reverses)}; it cannot be reversed.`);
  if (meta.reversed_by !== undefined) return refuse("CONFLICT", `Transaction #${row.transactionId} was already reversed by #${String(meta.reversed_by)}. Nothing was changed.`);
  if (row.transactionStatus === "pending") return refuse("CONFLICT", `Transaction #${row.transactionId} is still pending, so nothing has moved yet: cancel it instead.`);
  if (row.transactionStatus !== "completed") return refuse("CONFLICT", `Transaction #${row.transactionId} is ${row.transactionStatus}: nothing moved, so there is nothing to reverse.`);
  if (!["purchase", "sale", "trade"].includes(row.transactionType)) {
    return refuse(
      "BAD_INPUT",
      `Only trades and market purchases can be reversed. A ${row.transactionType.replace("_", " ")} is not a transfer between two characters (its counterpart is the game), so there is no one to give it back to.`,
    );
  }
  if (row.fromCharacterId === null || row.toCharacterId === null) return refuse("BAD_INPUT", `Transaction #${row.transactionId} does not name both characters, so it cannot be reversed.`);
  if (row.fromCharacterId === row.toCharacterId) return refuse("BAD_INPUT", `Transaction #${row.transactionId} moved nothing between two characters.`);
  const hasCurrency = row.currencyType !== null && (row.currencyAmount ?? 0) > 0;
  const hasItems = row.itemId !== null && (row.itemQuantity ?? 0) > 0;
  if (!hasCurrency && !hasItems) return refuse("BAD_INPUT", `Transaction #${row.transactionId} moved no currency and no items.`);
  if ((row.currencyAmount ?? 0) < 0 || (row.itemQuantity ?? 0) < 0) return refuse("BAD_INPUT", `Transaction #${row.transactionId} has negative amounts; reverse it by hand.`);
  return null;
}

/**
 * A market purchase: `purchase` is the buyer's row, `sale` the seller's (null if the market did not write one).
 * `recordedFee` is the fee from market_fees; metadata.fee is used when no fee row is found.
 */
export function planPurchaseReversal(purchase: TransactionFacts, sale: TransactionFacts | null, recordedFee: number): PlanOutcome {
  for (const row of [purchase, sale]) {
    if (!row) continue;
    const refusal = reversalRefusal(row);
    if (refusal) return refusal;
  }
  const buyer = purchase.fromCharacterId!;
  const seller = purchase.toCharacterId!;
  const price = purchase.currencyAmount ?? 0;
  const metaFee = Number(purchase.metadata?.fee ?? 0);
  const fee = recordedFee > 0 ? recordedFee : Number.isSafeInteger(metaFee) && metaFee > 0 ? metaFee : 0;
  const received = sale?.currencyAmount ?? price - fee;
  const feeRefund = price - received;
  if (received < 0 || feeRefund < 0) return refuse("BAD_INPUT", `The amounts of purchase #${purchase.transactionId} do not add up (price ${price}, seller received ${received}); reverse it by hand.`);

  const rows: PlannedRow[] = [
    {
      type: "purchase",
      fromCharacterId: seller,
      toCharacterId: buyer,
      currencyType: purchase.currencyType,
      currencyAmount: purchase.currencyAmount,
      itemId: purchase.itemId,
      itemQuantity: purchase.itemQuantity,
      reverses: purchase.transactionId,
    },
  ];
  if (sale) {
    rows.push({
      type: "sale",
      fromCharacterId: buyer,
      toCharacterId: seller,
      currencyType: sale.currencyType,
      currencyAmount: sale.currencyAmount,
      itemId: sale.itemId,
      itemQuantity: sale.itemQuantity,
      reverses: sale.transactionId,
    });
  }
  const quantity = purchase.itemQuantity ?? 0;
  return {
    ok: true,
    plan: {
      kind: "purchase",
      currency:
        purchase.currencyType && price > 0
          ? {
              currencyType: purchase.currencyType,
              changes: [
                { characterId: buyer, delta: price, role: "buyer" },
                ...(received > 0 ? [{ characterId: seller, delta: -received, role: "seller" }] : []),
              ],
            }
          : null,
      items: purchase.itemId !== null && quantity > 0 ? { itemId: purchase.itemId, quantity, fromCharacterId: buyer, toCharacterId: seller, holderRole: "buyer", receiverRole: "seller" } : null,
      feeRefund: purchase.currencyType ? feeRefund : 0,
      rows,
      originals: rows.map((row) => row.reverses),
    },
  };
}

/** A trade row: everything it moved from `from` to `to` goes back. */
export function planTradeReversal(trade: TransactionFacts): PlanOutcome {
  const refusal = reversalRefusal(trade);
  if (refusal) return refusal;
  const giver = trade.fromCharacterId!;
  const receiver = trade.toCharacterId!;
  const amount = trade.currencyAmount ?? 0;
  const quantity = trade.itemQuantity ?? 0;
  return {
    ok: true,
    plan: {
      kind: "trade",
      currency:
        trade.currencyType && amount > 0
          ? {
              currencyType: trade.currencyType,
              changes: [
                { characterId: giver, delta: amount, role: "giver" },
                { characterId: receiver, delta: -amount, role: "receiver" },
              ],
            }
          : null,
      items: trade.itemId !== null && quantity > 0 ? { itemId: trade.itemId, quantity, fromCharacterId: receiver, toCharacterId: giver, holderRole: "receiver", receiverRole: "giver" } : null,
      feeRefund: 0,
      rows: [
        {
          type: "trade",
          fromCharacterId: receiver,
          toCharacterId: giver,
          currencyType: trade.currencyType,
          currencyAmount: trade.currencyAmount,
          itemId: trade.itemId,
          itemQuantity: trade.itemQuantity,
          reverses: trade.transactionId,
        },
      ],
      originals: [trade.transactionId],
    },
  };
}

/**
 * Which units to take from a bag: plain stacks of the item, from the highest slot position down (the market
 * delivers into the lowest free slots, so recent deliveries tend to sit high). Null when the bag holds too few.
 */
export function planTakeBack(bag: readonly { inventorySlotId: number; slotPosition: number; itemId: number; quantity: number; plain: boolean }[], itemId: number, quantity: number):
  | { take: { inventorySlotId: number; held: number; quantity: number }[]; held: number }
  | { take: null; held: number } {
  const stacks = bag.filter((slot) => slot.itemId === itemId && slot.plain).sort((a, b) => b.slotPosition - a.slotPosition);
  const held = stacks.reduce((sum, slot) => sum + slot.quantity, 0);
  if (held < quantity) return { take: null, held };
  const take: { inventorySlotId: number; held: number; quantity: number }[] = [];
  let remaining = quantity;
  for (const slot of stacks) {
    if (remaining === 0) break;
    const units = Math.min(slot.quantity, remaining);
    take.push({ inventorySlotId: slot.inventorySlotId, held: slot.quantity, quantity: units });
    remaining -= units;
  }
  return { take, held };
}
