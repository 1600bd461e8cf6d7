import "server-only";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { applyPlacement } from "@/server/ledger/delivery.service";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  adjustBalance,
  cancelPendingTransaction,
  feesOf,
  findReviewTransactions,
  insertCompensatingRow,
  itemStackSize,
  listReviewTransactions,
  lockBag,
  lockBalances,
  lockCharacters,
  lockMarketCounterpart,
  lockTransaction,
  markReversed,
  takeFromSlot,
  type ReviewTransaction,
} from "@/server/staff/transaction-review.pg";
import type { TransactionActionInput, TransactionListInput } from "@/server/staff/transaction-review.schema";
import { transactionListInput } from "@/server/staff/transaction-review.schema";
import { recordEconomyFlows } from "@/server/ledger/conservation.service";
import { planPlacement } from "@/server/ledger/placement.rules";
import { planPurchaseReversal, planTakeBack, planTradeReversal, reversalRefusal, type PlanOutcome, type ReversalPlan } from "@/server/staff/reversal-plan.rules";
import type { SessionUser } from "@/server/session";

/**
 * Staff transaction review: the filtered list, one transaction with its links, cancel (pending only) and reverse
 * (completed trades and purchases, by compensating rows). Every write runs in one withActorSql transaction so the
 * audit log names the staff member; the reason is stored in the rows' metadata.
 */

export interface TransactionPage {
  rows: ReviewTransaction[];
  nextBeforeId: number | null;
}

export async function listTransactions(engines: Engines, rawInput: TransactionListInput): Promise<TransactionPage> {
  const input = transactionListInput.parse(rawInput);
  const rows = await listReviewTransactions(engines.postgres.pool, input.filter, input.beforeId ?? null, input.limit + 1);
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  return { rows: page, nextBeforeId: more ? page[page.length - 1]!.transactionId : null };
}

export interface TransactionDetail {
  transaction: ReviewTransaction;
  /** Transactions this one is linked to: the reversal, the original, the other half of a purchase. */
  linked: ReviewTransaction[];
  /** Whether a reversal would be refused on the row alone (balances and bags are checked only when it runs). */
  reversible: { ok: boolean; reason: string | null };
}

function linkIds(row: ReviewTransaction): number[] {
  const meta = row.metadata ?? {};
  return [meta.reverses, meta.reversed_by]
    .map((value) => Number(value))
    .filter((value) => Number.isSafeInteger(value) && value > 0);
}

export async function getTransaction(engines: Engines, transactionId: number): Promise<TransactionDetail> {
  const pool = engines.postgres.pool;
  const [transaction] = await findReviewTransactions(pool, [transactionId]);
  if (!transaction) throw new AppError("NOT_FOUND", `No transaction #${transactionId}.`);
  const linked = linkIds(transaction).length ? await findReviewTransactions(pool, linkIds(transaction)) : [];
  const refusal = reversalRefusal(transaction);
  return { transaction, linked, reversible: refusal && !refusal.ok ? { ok: false, reason: refusal.message } : { ok: true, reason: null } };
}

function staffNote(staff: SessionUser, reason: string) {
  return { reason, staff_player_id: staff.playerId, staff_username: staff.username, at: new Date().toISOString() };
}

export async function cancelTransaction(engines: Engines, staff: SessionUser, actor: Actor, input: TransactionActionInput): Promise<{ transactionId: number; status: "cancelled" }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const note = staffNote(staff, input.reason);
    const cancelled = await cancelPendingTransaction(client, input.transactionId, {
      cancelled_by: note.staff_player_id,
      cancelled_by_username: note.staff_username,
      cancel_reason: note.reason,
      cancelled_at: note.at,
    });
    if (cancelled) return { transactionId: input.transactionId, status: "cancelled" as const };
    const [row] = await findReviewTransactions(client, [input.transactionId]);
    if (!row) throw new AppError("NOT_FOUND", `No transaction #${input.transactionId}.`);
    const hint = row.transactionStatus === "completed" ? " A completed transaction can be reversed instead." : "";
    throw new AppError("CONFLICT", `Only pending transactions can be cancelled; #${row.transactionId} is ${row.transactionStatus}.${hint} Nothing was changed.`);
  });
}

export interface ReversalResult {
  originalIds: number[];
  reversalIds: number[];
  feeRefund: number;
}

function failPlan(outcome: Extract<PlanOutcome, { ok: false }>): never {
  throw new AppError(outcome.code, outcome.message);
}

async function planFor(client: PoolClient, transactionId: number): Promise<ReversalPlan> {
  const original = await lockTransaction(client, transactionId);
  if (!original) throw new AppError("NOT_FOUND", `No transaction #${transactionId}.`);
  let outcome: PlanOutcome;
  if (original.transactionType === "trade") {
    outcome = planTradeReversal(original);
  } else if (original.transactionType === "purchase" || original.transactionType === "sale") {
    // Either half of a purchase reverses the whole purchase.
    const counterpart = await lockMarketCounterpart(client, original, original.transactionType === "purchase" ? "sale" : "purchase");
    const purchase = original.transactionType === "purchase" ? original : counterpart;
    const sale = original.transactionType === "sale" ? original : counterpart;
    if (!purchase) {
      throw new AppError("PRECONDITION_FAILED", `Sale #${original.transactionId} has no matching purchase row (same listing, buyer and seller), so the buyer's side is unknown. Reverse it by hand.`);
    }
    outcome = planPurchaseReversal(purchase, sale, await feesOf(client, [purchase.transactionId, ...(sale ? [sale.transactionId] : [])]));
  } else {
    outcome = planPurchaseReversal(original, null, 0); // refuses with the type's explanation
  }
  if (!outcome.ok) failPlan(outcome);
  return outcome.plan;
}

const currencyNames: Record<string, string> = { gold: "gold", gems: "gems", pvp_tokens: "PvP tokens", event_currency: "event currency" };

/**
 * Reverses a completed trade or market purchase by compensating rows, all in one transaction with row locks:
 * currency back (never below zero: refused with an explanation), items back from the holder's bag (refused when the
 * holder no longer has them: they cannot be resurrected), the fee back into the economy ledger, originals and
 * reversals linked both ways in metadata. unique_transaction_reversal makes a second reversal impossible even in a race.
 */
export async function reverseTransaction(engines: Engines, staff: SessionUser, actor: Actor, input: TransactionActionInput): Promise<ReversalResult> {
  try {
    return await withActorSql(engines.postgres.pool, actor, async (client) => {
      const plan = await planFor(client, input.transactionId);
      const characterIds = [...new Set([...(plan.currency?.changes.map((c) => c.characterId) ?? []), ...(plan.items ? [plan.items.fromCharacterId, plan.items.toCharacterId] : [])])].sort((a, b) => a - b);
      const characters = await lockCharacters(client, characterIds);
      const nameOf = (id: number) => characters.get(id)?.name ?? `#${id}`;
      for (const id of characterIds) {
        const character = characters.get(id);
        if (!character) throw new AppError("PRECONDITION_FAILED", `Character #${id} no longer exists (archived?), so the transaction cannot be reversed.`);
        if (character.deleted) throw new AppError("PRECONDITION_FAILED", `Character ${character.name} has been deleted, so the transaction cannot be reversed.`);
      }

      if (plan.currency) {
        const { currencyType, changes } = plan.currency;
        const balances = await lockBalances(client, changes.map((c) => c.characterId).sort((a, b) => a - b), currencyType);
        for (const change of changes) {
          const held = balances.get(change.characterId) ?? 0;
          if (change.delta < 0 && held + change.delta < 0) {
            throw new AppError(
              "PRECONDITION_FAILED",
              `Cannot reverse: the ${change.role} ${nameOf(change.characterId)} has ${held} ${currencyNames[currencyType] ?? currencyType} but would have to give back ${-change.delta}; the balance must not go negative. Nothing was changed.`,
            );
          }
        }
        for (const change of changes) await adjustBalance(client, change.characterId, currencyType, change.delta);
      }

      if (plan.items) {
        const { itemId, quantity, fromCharacterId, toCharacterId } = plan.items;
        const item = await itemStackSize(client, itemId);
        if (!item) throw new AppError("PRECONDITION_FAILED", `Item #${itemId} no longer exists.`);
        // Bags in character_id order, like the character locks.
        const bags = new Map<number, Awaited<ReturnType<typeof lockBag>>>();
        for (const id of [fromCharacterId, toCharacterId].sort((a, b) => a - b)) bags.set(id, await lockBag(client, id));
        const takeBack = planTakeBack(bags.get(fromCharacterId)!, itemId, quantity);
        if (!takeBack.take) {
          throw new AppError(
            "PRECONDITION_FAILED",
            `Cannot reverse: the ${plan.items.holderRole} ${nameOf(fromCharacterId)} holds only ${takeBack.held} of the ${quantity} ${item.itemName} (sold on, used, equipped or changed since), and items cannot be created out of nothing. Nothing was changed.`,
          );
        }
        const receiverBag = bags.get(toCharacterId)!.map((slot) => ({ slotPosition: slot.slotPosition, itemId: slot.plain ? slot.itemId : -1, quantity: slot.quantity }));
        const placement = planPlacement(receiverBag, { itemId, maxStackSize: item.maxStackSize }, quantity);
        if (!placement.ok) {
          throw new AppError("PRECONDITION_FAILED", `Cannot reverse: the ${plan.items.receiverRole} ${nameOf(toCharacterId)} has no room for ${quantity} ${item.itemName}. Ask them to free some bag slots. Nothing was changed.`);
        }
        for (const take of takeBack.take) await takeFromSlot(client, take.inventorySlotId, take.held, take.quantity);
        await applyPlacement(client, toCharacterId, itemId, placement);
      }

      const note = staffNote(staff, input.reason);
      const reversalIds: number[] = [];
      for (const row of plan.rows) {
        const id = await insertCompensatingRow(client, {
          type: row.type,
          fromCharacterId: row.fromCharacterId,
          toCharacterId: row.toCharacterId,
          currencyType: row.currencyType,
          currencyAmount: row.currencyAmount,
          itemId: row.itemId,
          itemQuantity: row.itemQuantity,
          metadata: { reverses: String(row.reverses), reason: note.reason, staff_player_id: note.staff_player_id, staff_username: note.staff_username, fee_refund: plan.feeRefund },
        });
        reversalIds.push(id);
        await markReversed(client, row.reverses, { reversed_by: id, reversed_at: note.at, reversal_reason: note.reason, reversed_by_staff: note.staff_player_id });
      }
      if (plan.feeRefund > 0 && plan.currency) {
        const buyer = plan.currency.changes.find((change) => change.delta > 0)!;
        // The fee had left the economy (market_fees); giving it back is money entering it, which the conservation check must know.
        await recordEconomyFlows(client, [
          {
            currencyType: plan.currency.currencyType,
            amount: plan.feeRefund,
            source: "staff_grant",
            characterId: buyer.characterId,
            note: `Market fee returned by the staff reversal of transaction #${plan.originals[0]} (reversal #${reversalIds[0]})`,
          },
        ]);
      }
      return { originalIds: plan.originals, reversalIds, feeRefund: plan.feeRefund };
    });
  } catch (error) {
    // Two staff members reversing at the same moment: the unique index lets exactly one through.
    if ((error as { code?: string; constraint?: string }).constraint === "unique_transaction_reversal") {
      throw new AppError("CONFLICT", `Transaction #${input.transactionId} was already reversed. Nothing was changed.`);
    }
    throw error;
  }
}
