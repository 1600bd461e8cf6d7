/**
 * checkConservation against a database of its own (created and migrated here, dropped afterwards): the global check
 * sees every row, so it cannot share a database with suites that create money in parallel.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresClients, type PostgresClients } from "@/server/clients/postgres";
import type { Engines } from "@/server/engines";
import { withActorSql } from "@/server/db/actor-transaction";
import { checkConservation, recordEconomyFlows } from "@/server/ledger/conservation.service";
import { ensureDatabase, migrate } from "@/scripts/db/migrator";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { giveItem, key, makeCharacter, makeItem } from "@/tests/integration/market-fixtures";

const base = createTestEngines();
const url = new URL(process.env.TEST_DATABASE_URL!);
url.pathname = `/${url.pathname.slice(1)}_econ_${unique().toLowerCase()}`;
let own: PostgresClients;
let engines: Engines;

beforeAll(async () => {
  await ensureDatabase(url.toString());
  await migrate(url.toString());
  own = createPostgresClients(url.toString(), 4);
  engines = { ...base, postgres: own };
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([own?.prisma.$disconnect(), own?.pool.end(), base.close()]);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(url.pathname.slice(1))} WITH (FORCE)`);
  await client.end();
});

describe("checkConservation (any database)", () => {
  it("takes a baseline, stays ok through trading, and flags unrecorded money and duplicated items", async () => {
    const pool = own.pool;
    const seller = await makeCharacter(engines, { balances: { gold: 1_000 } });
    const buyer = await makeCharacter(engines, { balances: { gold: 1_000, gems: 5 } });
    const item = await makeItem(pool, { maxStack: 50 });
    await giveItem(pool, seller.characterId, item.itemId, 40, 0);

    const first = await checkConservation(pool);
    expect(first.baseline?.createdNow).toBe(true);
    expect(first.ok).toBe(true);

    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 30, pricePerUnit: 20, currencyType: "gold", durationHours: 24 });
    await buyer.caller.market.buy({ listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 10, idempotencyKey: key() });

    const afterTrade = await checkConservation(pool, { allItems: true });
    expect(afterTrade.ok).toBe(true);
    expect(afterTrade.baseline).toMatchObject({ snapshotId: first.baseline!.snapshotId, createdNow: false });
    expect(afterTrade.currencies.find((c) => c.currencyType === "gold")).toMatchObject({ balances: 2_000 - 10, fees: 10, actual: 2_000, expected: 2_000, ok: true });
    expect(afterTrade.items.find((i) => i.itemId === item.itemId)).toMatchObject({ inventory: 20, activeListings: 20, mailbox: 0, expected: 40, ok: true });

    // Money that appears outside the market and is not in the ledger is reported.
    await pool.query("UPDATE game_data.character_currencies SET amount = amount + 100 WHERE character_id = $1 AND currency_type = 'gold'", [buyer.characterId]);
    const minted = await checkConservation(pool);
    expect(minted.ok).toBe(false);
    expect(minted.currencies.find((c) => c.currencyType === "gold")).toMatchObject({ actual: 2_100, expected: 2_000, ok: false });

    // Recorded in the ledger (as a quest reward would be), the same money is accounted for.
    await withActorSql(pool, { userId: null, playerId: null }, (client) =>
      recordEconomyFlows(client, [{ currencyType: "gold", amount: 100, source: "quest_reward", characterId: buyer.characterId }]),
    );
    expect((await checkConservation(pool)).ok).toBe(true);

    // A duplicated unit is reported per item.
    await pool.query("UPDATE game_data.character_inventory SET quantity = quantity + 1 WHERE character_id = $1 AND item_id = $2", [buyer.characterId, item.itemId]);
    const duped = await checkConservation(pool);
    expect(duped.ok).toBe(false);
    expect(duped.items).toEqual([expect.objectContaining({ itemId: item.itemId, actual: 41, expected: 40, ok: false })]);

    const rebased = await checkConservation(pool, { takeBaseline: true });
    expect(rebased.baseline?.createdNow).toBe(true);
    expect((await checkConservation(pool)).ok).toBe(true);
  });
});
