import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { expectCode, makeAccount, makeCharacter, makeItem, recordPurchase } from "./staff-fixtures";

describe("staff game events", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  async function event(type: string, severity: string, characterId: number | null, minutesAgo = 0): Promise<number> {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO game_data.game_events (event_type, character_id, event_data, severity, created_at)
       VALUES ($1, $2, '{"zone": 1}', $3, now() - $4 * interval '1 minute') RETURNING event_id AS id`,
      [type, characterId, severity, minutesAgo],
    );
    return rows[0]!.id;
  }

  it("filters by type, severity, character and time, with keyset pages", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const player = await makeAccount(engines);
    const { characterId } = await makeCharacter(pool, player.playerId);
    const type = unique("ev").slice(0, 40);
    const ids = [await event(type, "info", characterId, 30), await event(type, "error", characterId, 20), await event(type, "error", null, 10)];

    const all = await analyst.caller.staff.events.list({ filter: { eventType: type }, limit: 2 });
    expect(all.rows.map((r) => r.eventId)).toEqual([ids[2], ids[1]]);
    const rest = await analyst.caller.staff.events.list({ filter: { eventType: type }, cursor: all.nextCursor, limit: 2 });
    expect(rest.rows.map((r) => r.eventId)).toEqual([ids[0]]);

    expect((await analyst.caller.staff.events.list({ filter: { eventType: type, severity: "error", characterId } })).rows.map((r) => r.eventId)).toEqual([ids[1]]);
    expect((await analyst.caller.staff.events.list({ filter: { eventType: type, from: new Date(Date.now() - 15 * 60_000) } })).rows.map((r) => r.eventId)).toEqual([ids[2]]);
    await expectCode(analyst.caller.staff.events.list({ filter: { severity: "fatal" as never } }), "BAD_REQUEST");
  });

  it("tails new events after the last id seen", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const type = unique("tail").slice(0, 40);
    const start = await analyst.caller.staff.events.tail({ afterId: null });
    expect(start.rows).toEqual([]);
    const first = await event(type, "warning", null);
    const second = await event(type, "critical", null);
    const next = await analyst.caller.staff.events.tail({ afterId: start.lastId, filter: { eventType: type } });
    expect(next.rows.map((r) => r.eventId)).toEqual([first, second]);
    const again = await analyst.caller.staff.events.tail({ afterId: next.lastId, filter: { eventType: type } });
    expect(again.rows).toEqual([]);
    expect(again.lastId).toBe(second);
  });

  it("counts events per hour by severity, every hour present", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const type = unique("hr").slice(0, 40);
    await event(type, "error", null, 0);
    await event(type, "error", null, 1);
    await event(type, "debug", null, 125);
    const chart = await analyst.caller.staff.events.hourly({ hours: 4, filter: { eventType: type } });
    expect(chart.hours.length).toBeGreaterThanOrEqual(4);
    expect(chart.total).toBe(3);
    expect(chart.hours.reduce((sum, h) => sum + h.error, 0)).toBe(2);
    expect(chart.hours.reduce((sum, h) => sum + h.debug, 0)).toBe(1);
  });
});

describe("staff economy dashboard", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  it("shows supply per currency per day, market volume and fees, top items and the conservation result", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const buyer = await makeCharacter(pool, (await makeAccount(engines)).playerId, { gold: 5_000 });
    const seller = await makeCharacter(pool, (await makeAccount(engines)).playerId, { gold: 0 });
    const item = await makeItem(pool);
    await recordPurchase(pool, { buyer: buyer.characterId, seller: seller.characterId, itemId: item.itemId, quantity: 1_000, price: 4_000, fee: 200, buyerSlot: 0 });

    const dashboard = await analyst.caller.staff.economy.dashboard({ days: 7 });
    expect(dashboard.days).toHaveLength(7);
    expect(dashboard.supply).toHaveLength(7);
    const today = dashboard.days[6]!;
    const gold = await pool.query<{ total: number }>("SELECT sum(amount)::bigint AS total FROM game_data.character_currencies WHERE currency_type = 'gold'");
    expect(dashboard.supply[6]!.supply.gold).toBe(gold.rows[0]!.total);
    expect(dashboard.volume.find((v) => v.day === today && v.currencyType === "gold")!.volume).toBeGreaterThanOrEqual(4_000);
    expect(dashboard.fees.find((f) => f.day === today && f.currencyType === "gold")!.fees).toBeGreaterThanOrEqual(200);
    expect(dashboard.topItems.map((t) => t.itemId)).toContain(item.itemId);
    expect(typeof dashboard.conservation.ok).toBe("boolean");
  });
});
