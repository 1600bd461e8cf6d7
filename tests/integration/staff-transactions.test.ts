import { afterAll, describe, expect, it } from "vitest";
import { buyListing, createListing } from "@/server/market/market.service";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { balance, expectCode, giveItem, insertTransaction, makeAccount, makeCharacter, makeItem, recordPurchase, unitsHeld } from "./staff-fixtures";

describe("staff transaction review", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  async function parties(buyerGold = 1_000, sellerGold = 1_000) {
    const buyerAccount = await makeAccount(engines);
    const sellerAccount = await makeAccount(engines);
    const buyer = await makeCharacter(pool, buyerAccount.playerId, { gold: buyerGold });
    const seller = await makeCharacter(pool, sellerAccount.playerId, { gold: sellerGold });
    return { buyerAccount, sellerAccount, buyer: buyer.characterId, seller: seller.characterId };
  }

  it("reverses a purchase: buyer refunded the price, seller gives back what they received, items go back, fee to the ledger, rows linked", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyer, seller } = await parties();
    const item = await makeItem(pool);
    const deal = await recordPurchase(pool, { buyer, seller, itemId: item.itemId, quantity: 3, price: 300, fee: 15, buyerSlot: 4 });
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([700, 1_285]);

    const result = await gm.caller.staff.transactions.reverse({ transactionId: deal.purchaseId, reason: "Scam reported by the buyer" });
    expect(result.originalIds).toEqual([deal.purchaseId, deal.saleId]);
    expect(result.feeRefund).toBe(15);
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([1_000, 1_000]);
    expect([await unitsHeld(pool, buyer, item.itemId), await unitsHeld(pool, seller, item.itemId)]).toEqual([0, 3]);

    const detail = await gm.caller.staff.transactions.get({ transactionId: deal.purchaseId });
    expect(detail.transaction.metadata).toMatchObject({ reversed_by: result.reversalIds[0], reversal_reason: "Scam reported by the buyer" });
    expect(detail.linked.map((t) => t.transactionId)).toEqual([result.reversalIds[0]]);
    expect(detail.linked[0]).toMatchObject({ transactionType: "purchase", fromCharacterId: seller, toCharacterId: buyer, currencyAmount: 300, itemQuantity: 3 });
    expect(detail.linked[0]!.metadata).toMatchObject({ reverses: String(deal.purchaseId), reason: "Scam reported by the buyer", staff_player_id: gm.playerId });
    expect(detail.reversible.ok).toBe(false);

    const ledger = await pool.query("SELECT amount, source FROM game_data.economy_ledger WHERE character_id = $1", [buyer]);
    expect(ledger.rows).toEqual([{ amount: 15, source: "staff_grant" }]);
    const audit = await pool.query("SELECT count(*)::int AS n FROM game_data.audit_log WHERE user_id = $1 AND table_name = 'transactions'", [gm.playerId]);
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(4); // two inserts, two updates
  });

  it("reversing from the sale row reverses the same purchase; a second reversal is refused and changes nothing", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyer, seller } = await parties();
    const item = await makeItem(pool);
    const deal = await recordPurchase(pool, { buyer, seller, itemId: item.itemId, quantity: 2, price: 100, fee: 5, buyerSlot: 0 });
    await gm.caller.staff.transactions.reverse({ transactionId: deal.saleId, reason: "Chargeback" });
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([1_000, 1_000]);

    for (const id of [deal.purchaseId, deal.saleId]) {
      await expectCode(gm.caller.staff.transactions.reverse({ transactionId: id, reason: "again" }), "CONFLICT", /already reversed/);
    }
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([1_000, 1_000]);
    const reversal = (await gm.caller.staff.transactions.get({ transactionId: deal.purchaseId })).linked[0]!;
    await expectCode(gm.caller.staff.transactions.reverse({ transactionId: reversal.transactionId, reason: "undo the undo" }), "CONFLICT", /itself the reversal/);
  });

  it("two GMs reversing at the same moment: exactly one succeeds", async () => {
    const [gm1, gm2] = await Promise.all([makeAccount(engines, "game_master"), makeAccount(engines, "admin")]);
    const { buyer, seller } = await parties();
    const item = await makeItem(pool);
    const deal = await recordPurchase(pool, { buyer, seller, itemId: item.itemId, quantity: 1, price: 50, fee: 2, buyerSlot: 0 });
    const outcomes = await Promise.allSettled([
      gm1.caller.staff.transactions.reverse({ transactionId: deal.purchaseId, reason: "race one" }),
      gm2.caller.staff.transactions.reverse({ transactionId: deal.saleId, reason: "race two" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([1_000, 1_000]);
    expect(await unitsHeld(pool, seller, item.itemId)).toBe(1);
    const reversals = await pool.query("SELECT count(*)::int AS n FROM game_data.transactions WHERE metadata ->> 'reverses' = ANY($1::text[])", [
      [String(deal.purchaseId), String(deal.saleId)],
    ]);
    expect(reversals.rows[0].n).toBe(2);
  });

  it("refuses when the seller has spent the money, or the buyer no longer holds the items, and explains", async () => {
    const gm = await makeAccount(engines, "game_master");
    const spent = await parties(1_000, 0);
    const item = await makeItem(pool);
    const deal = await recordPurchase(pool, { buyer: spent.buyer, seller: spent.seller, itemId: item.itemId, quantity: 1, price: 400, fee: 20, buyerSlot: 0 });
    await pool.query("UPDATE game_data.character_currencies SET amount = 100 WHERE character_id = $1 AND currency_type = 'gold'", [spent.seller]);
    await expectCode(gm.caller.staff.transactions.reverse({ transactionId: deal.purchaseId, reason: "scam" }), "PRECONDITION_FAILED", /seller .* has 100 gold but would have to give back 380.*negative/);
    expect(await balance(pool, spent.buyer)).toBe(600);
    expect(await unitsHeld(pool, spent.buyer, item.itemId)).toBe(1);

    const resold = await parties();
    const deal2 = await recordPurchase(pool, { buyer: resold.buyer, seller: resold.seller, itemId: item.itemId, quantity: 5, price: 50, fee: 2, buyerSlot: 0 });
    await pool.query("UPDATE game_data.character_inventory SET quantity = 2 WHERE character_id = $1 AND item_id = $2", [resold.buyer, item.itemId]);
    await expectCode(gm.caller.staff.transactions.reverse({ transactionId: deal2.purchaseId, reason: "scam" }), "PRECONDITION_FAILED", /holds only 2 of the 5/);
    expect([await balance(pool, resold.buyer), await balance(pool, resold.seller)]).toEqual([950, 1_048]);
    const marked = await pool.query("SELECT metadata ? 'reversed_by' AS reversed FROM game_data.transactions WHERE transaction_id = $1", [deal2.purchaseId]);
    expect(marked.rows[0].reversed).toBe(false);
  });

  it("reverses a trade row: the receiver gives the currency and the items back", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyer: giver, seller: receiver } = await parties(500, 500);
    const item = await makeItem(pool, 1);
    await giveItem(pool, receiver, item.itemId, 1, 7);
    const tradeId = await insertTransaction(pool, {
      transaction_type: "trade", from_character_id: giver, to_character_id: receiver, currency_type: "gold", currency_amount: 120,
      item_id: item.itemId, item_quantity: 1, transaction_status: "completed", completed_at: new Date(), metadata: { trade_id: 1 },
    });
    await gm.caller.staff.transactions.reverse({ transactionId: tradeId, reason: "Account was hijacked" });
    expect([await balance(pool, giver), await balance(pool, receiver)]).toEqual([620, 380]);
    expect([await unitsHeld(pool, giver, item.itemId), await unitsHeld(pool, receiver, item.itemId)]).toEqual([1, 0]);
  });

  it("refuses what cannot be reversed: quest rewards, pending and cancelled rows", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyer, seller } = await parties();
    const reward = await insertTransaction(pool, { transaction_type: "quest_reward", to_character_id: buyer, currency_type: "gold", currency_amount: 10, transaction_status: "completed" });
    await expectCode(gm.caller.staff.transactions.reverse({ transactionId: reward, reason: "exploit" }), "BAD_REQUEST", /Only trades and market purchases/);
    const pending = await insertTransaction(pool, { transaction_type: "trade", from_character_id: buyer, to_character_id: seller, currency_type: "gold", currency_amount: 10, transaction_status: "pending" });
    await expectCode(gm.caller.staff.transactions.reverse({ transactionId: pending, reason: "nope" }), "CONFLICT", /pending.*cancel it instead/);
  });

  it("cancels a pending transaction with the reason; refuses completed ones", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyer, seller } = await parties();
    const pending = await insertTransaction(pool, { transaction_type: "mail", from_character_id: buyer, to_character_id: seller, currency_type: "gold", currency_amount: 10, transaction_status: "pending" });
    await gm.caller.staff.transactions.cancel({ transactionId: pending, reason: "Duplicate mail" });
    const { transaction } = await gm.caller.staff.transactions.get({ transactionId: pending });
    expect(transaction.transactionStatus).toBe("cancelled");
    expect(transaction.metadata).toMatchObject({ cancel_reason: "Duplicate mail", cancelled_by: gm.playerId });
    await expectCode(gm.caller.staff.transactions.cancel({ transactionId: pending, reason: "again" }), "CONFLICT", /Only pending.*cancelled/);
    await expectCode(gm.caller.staff.transactions.cancel({ transactionId: pending, reason: "" }), "BAD_REQUEST", /Say why/);
  });

  it("filters by type, status, character, item, currency, amount and time, newest first with a keyset cursor", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const { buyer, seller } = await parties(10_000, 10_000);
    const item = await makeItem(pool);
    const ids: number[] = [];
    for (const price of [10, 20, 30]) ids.push((await recordPurchase(pool, { buyer, seller, itemId: item.itemId, quantity: 1, price, fee: 1, buyerSlot: ids.length })).purchaseId);

    const page1 = await analyst.caller.staff.transactions.list({ filter: { type: "purchase", characterId: buyer }, limit: 2 });
    expect(page1.rows.map((r) => r.transactionId)).toEqual([ids[2], ids[1]]);
    const page2 = await analyst.caller.staff.transactions.list({ filter: { type: "purchase", characterId: buyer }, beforeId: page1.nextBeforeId, limit: 2 });
    expect(page2.rows.map((r) => r.transactionId)).toEqual([ids[0]]);
    expect(page2.nextBeforeId).toBeNull();

    const ranged = await analyst.caller.staff.transactions.list({ filter: { itemId: item.itemId, currencyType: "gold", minAmount: 15, maxAmount: 25, status: "completed" } });
    expect(ranged.rows.map((r) => [r.transactionType, r.currencyAmount])).toEqual([["sale", 19], ["purchase", 20]]);
    const future = await analyst.caller.staff.transactions.list({ filter: { itemId: item.itemId, from: new Date(Date.now() + 3_600_000) } });
    expect(future.rows).toEqual([]);
    await expectCode(analyst.caller.staff.transactions.list({ filter: { minAmount: 5, maxAmount: 1 } }), "BAD_REQUEST", /minimum/);
  });

  it("reverses a real market purchase (server/market/market.service.ts) back to the starting balances and bags", async () => {
    const gm = await makeAccount(engines, "game_master");
    const { buyerAccount, sellerAccount, buyer, seller } = await parties(2_000, 500);
    const item = await makeItem(pool);
    await giveItem(pool, seller, item.itemId, 4, 0);
    const listing = await createListing(engines, sellerAccount.actor, { characterId: seller, slotPosition: 0, quantity: 4, pricePerUnit: 100, currencyType: "gold", durationHours: 24 });
    const purchase = await buyListing(engines, buyerAccount.actor, { listingId: listing.listingId, buyerCharacterId: buyer, quantity: 4, idempotencyKey: unique("idem") });
    expect(await balance(pool, buyer)).toBe(1_600);

    const result = await gm.caller.staff.transactions.reverse({ transactionId: purchase.purchaseTransactionId, reason: "Stolen account bought this" });
    expect(result.originalIds.sort()).toEqual([purchase.purchaseTransactionId, purchase.saleTransactionId].sort());
    expect([await balance(pool, buyer), await balance(pool, seller)]).toEqual([2_000, 500]);
    expect([await unitsHeld(pool, buyer, item.itemId), await unitsHeld(pool, seller, item.itemId)]).toEqual([0, 4]);
  });
});
