import { afterAll, describe, expect, it } from "vitest";
import { measureEconomyTotals } from "@/server/ledger/conservation.service";
import { createTestEngines } from "@/tests/helpers/engines";
import { bagSlots, bagUnits, balance, expectTrpcError, fillBag, giveItem, makeCharacter, makeItem } from "@/tests/integration/market-fixtures";

const engines = createTestEngines();
const pool = engines.postgres.pool;
afterAll(() => engines.close());

describe("direct trades", () => {
  it("swaps items and currency atomically once both confirm the same version", async () => {
    const alice = await makeCharacter(engines, { balances: { gold: 500, gems: 0 } });
    const bob = await makeCharacter(engines, { balances: { gold: 0, gems: 40 } });
    const ore = await makeItem(pool, { maxStack: 20 });
    const blade = await makeItem(pool, { maxStack: 1, itemType: "weapon" });
    await giveItem(pool, alice.characterId, ore.itemId, 15, 0);
    await giveItem(pool, bob.characterId, blade.itemId, 1, 0);
    await giveItem(pool, bob.characterId, ore.itemId, 18, 1); // alice's ore tops this stack up to 20 first
    const before = await measureEconomyTotals(pool, [alice.characterId, bob.characterId]);

    const opened = await alice.caller.trade.open({ characterId: alice.characterId, partnerName: bob.name });
    const ref = { tradeId: opened.tradeId };
    await alice.caller.trade.offerItem({ ...ref, characterId: alice.characterId, slotPosition: 0, quantity: 10 });
    await alice.caller.trade.offerCurrency({ ...ref, characterId: alice.characterId, currencyType: "gold", amount: 200 });
    const bobView = await bob.caller.trade.offerItem({ ...ref, characterId: bob.characterId, slotPosition: 0, quantity: 1 });
    expect(bobView.them.items).toMatchObject([{ itemId: ore.itemId, quantity: 10 }]);
    expect(bobView.them.currencies).toEqual([{ characterId: alice.characterId, currencyType: "gold", amount: 200 }]);

    const afterFirst = await alice.caller.trade.confirm({ ...ref, characterId: alice.characterId, version: bobView.version });
    expect(afterFirst).toMatchObject({ status: "open", me: { confirmed: true }, them: { confirmed: false } });
    const done = await bob.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: bobView.version });
    expect(done).toMatchObject({ status: "completed" });

    expect(await balance(pool, alice.characterId)).toBe(300);
    expect(await balance(pool, bob.characterId)).toBe(200);
    expect(await bagSlots(pool, alice.characterId, ore.itemId)).toEqual([{ slotPosition: 0, quantity: 5 }]);
    expect(await bagSlots(pool, alice.characterId, blade.itemId)).toEqual([{ slotPosition: 1, quantity: 1 }]);
    expect(await bagSlots(pool, bob.characterId, ore.itemId)).toEqual([
      { slotPosition: 0, quantity: 8 },
      { slotPosition: 1, quantity: 20 },
    ]);
    const legs = await pool.query(
      `SELECT from_character_id AS "from", currency_amount AS amount, item_id AS item, item_quantity AS qty FROM game_data.transactions
        WHERE transaction_type = 'trade' AND (metadata ->> 'trade_id')::bigint = $1 ORDER BY transaction_id`,
      [opened.tradeId],
    );
    expect(legs.rows).toEqual([
      { from: alice.characterId, amount: 200, item: null, qty: null },
      { from: alice.characterId, amount: null, item: ore.itemId, qty: 10 },
      { from: bob.characterId, amount: null, item: blade.itemId, qty: 1 },
    ]);
    const after = await measureEconomyTotals(pool, [alice.characterId, bob.characterId]);
    expect(after.currencies).toEqual(before.currencies);
    expect(after.items).toEqual(before.items);
    await expectTrpcError(alice.caller.trade.cancel({ ...ref, characterId: alice.characterId }), "CONFLICT", /already complete/);
  });

  it("any change after a confirmation resets both confirmations; a stale confirmation is refused", async () => {
    const alice = await makeCharacter(engines, { balances: { gold: 500 } });
    const bob = await makeCharacter(engines, { balances: { gold: 500 } });
    const opened = await alice.caller.trade.open({ characterId: alice.characterId, partnerName: bob.name });
    const ref = { tradeId: opened.tradeId };
    const v1 = await alice.caller.trade.offerCurrency({ ...ref, characterId: alice.characterId, currencyType: "gold", amount: 100 });
    await bob.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: v1.version });
    const v2 = await bob.caller.trade.offerCurrency({ ...ref, characterId: bob.characterId, currencyType: "gold", amount: 1 });
    expect(v2.version).toBe(v1.version + 1);
    expect(v2.me.confirmed).toBe(false);
    expect(v2.them.confirmed).toBe(false);
    // Alice confirms what she saw before Bob's change: refused, nothing moves.
    await expectTrpcError(alice.caller.trade.confirm({ ...ref, characterId: alice.characterId, version: v1.version }), "CONFLICT", /changed/);
    expect(await balance(pool, alice.characterId)).toBe(500);
    // Withdrawing goes back to an earlier content but still counts as a change.
    const v3 = await bob.caller.trade.offerCurrency({ ...ref, characterId: bob.characterId, currencyType: "gold", amount: 0 });
    expect(v3.version).toBe(v2.version + 1);
    await alice.caller.trade.confirm({ ...ref, characterId: alice.characterId, version: v3.version });
    const done = await bob.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: v3.version });
    expect(done.status).toBe("completed");
    expect(await balance(pool, alice.characterId)).toBe(400);
    expect(await balance(pool, bob.characterId)).toBe(600);
  });

  it("refuses bad offers and a swap whose goods have gone, changing nothing", async () => {
    const alice = await makeCharacter(engines, { balances: { gold: 50 } });
    const bob = await makeCharacter(engines, { balances: { gold: 0 } });
    const stranger = await makeCharacter(engines);
    const ore = await makeItem(pool, { maxStack: 20 });
    const bound = await makeItem(pool, { tradeable: false });
    await giveItem(pool, alice.characterId, ore.itemId, 5, 0);
    await giveItem(pool, alice.characterId, bound.itemId, 1, 1);
    const opened = await alice.caller.trade.open({ characterId: alice.characterId, partnerName: bob.name });
    const ref = { tradeId: opened.tradeId };

    await expectTrpcError(alice.caller.trade.open({ characterId: alice.characterId, partnerName: alice.name }), "BAD_REQUEST", /yourself/);
    await expectTrpcError(alice.caller.trade.open({ characterId: alice.characterId, partnerName: "nobody_by_this_name_x" }), "NOT_FOUND");
    await expectTrpcError(alice.caller.trade.offerItem({ ...ref, characterId: alice.characterId, slotPosition: 0, quantity: 6 }), "BAD_REQUEST", /only have 5/);
    await expectTrpcError(alice.caller.trade.offerItem({ ...ref, characterId: alice.characterId, slotPosition: 0, quantity: 0 }), "BAD_REQUEST");
    await expectTrpcError(alice.caller.trade.offerItem({ ...ref, characterId: alice.characterId, slotPosition: 1, quantity: 1 }), "BAD_REQUEST", /cannot be traded/);
    await expectTrpcError(alice.caller.trade.offerCurrency({ ...ref, characterId: alice.characterId, currencyType: "gold", amount: 51 }), "PRECONDITION_FAILED", /only have 50/);
    await expectTrpcError(alice.caller.trade.offerCurrency({ ...ref, characterId: alice.characterId, currencyType: "gold", amount: -1 }), "BAD_REQUEST");
    await expectTrpcError(stranger.caller.trade.get({ ...ref, characterId: stranger.characterId }), "NOT_FOUND");
    await expectTrpcError(stranger.caller.trade.offerCurrency({ ...ref, characterId: stranger.characterId, currencyType: "gold", amount: 1 }), "NOT_FOUND");
    // Posing as Bob's side with Alice's session.
    await expectTrpcError(alice.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: 1 }), "NOT_FOUND");
    await expectTrpcError(alice.caller.trade.confirm({ ...ref, characterId: alice.characterId, version: 1 }), "PRECONDITION_FAILED", /Nothing/);

    const offered = await alice.caller.trade.offerItem({ ...ref, characterId: alice.characterId, slotPosition: 0, quantity: 5 });
    await alice.caller.trade.offerCurrency({ ...ref, characterId: alice.characterId, currencyType: "gold", amount: 50 });
    const view = await bob.caller.trade.get({ ...ref, characterId: bob.characterId });
    expect(view.version).toBe(offered.version + 1);
    await alice.caller.trade.confirm({ ...ref, characterId: alice.characterId, version: view.version });
    // Alice spends the ore elsewhere before Bob confirms.
    await pool.query("UPDATE game_data.character_inventory SET quantity = 2 WHERE character_id = $1 AND slot_position = 0", [alice.characterId]);
    await expectTrpcError(bob.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: view.version }), "PRECONDITION_FAILED", /no longer has 5/);
    expect(await balance(pool, alice.characterId)).toBe(50);
    expect(await balance(pool, bob.characterId)).toBe(0);
    expect(await bagUnits(pool, bob.characterId, ore.itemId)).toBe(0);
    expect((await bob.caller.trade.get({ ...ref, characterId: bob.characterId })).status).toBe("open");

    // A full bag on the receiving side also stops the swap cleanly.
    await pool.query("UPDATE game_data.character_inventory SET quantity = 5 WHERE character_id = $1 AND slot_position = 0", [alice.characterId]);
    await fillBag(pool, bob.characterId);
    await expectTrpcError(bob.caller.trade.confirm({ ...ref, characterId: bob.characterId, version: view.version }), "PRECONDITION_FAILED", /no room/);
    expect(await balance(pool, bob.characterId)).toBe(0);
    expect(await bagUnits(pool, alice.characterId, ore.itemId)).toBe(5);

    const cancelled = await bob.caller.trade.cancel({ ...ref, characterId: bob.characterId });
    expect(cancelled.status).toBe("cancelled");
    expect((await alice.caller.trade.list({ characterId: alice.characterId })).find((t) => t.tradeId === opened.tradeId)).toMatchObject({ status: "cancelled", partnerName: bob.name });
  });
});
