/**
 * The conservation check: proof that the market and trades neither create nor destroy money or items.
 *
 *   currency c:  Σ balances(c) + Σ market fees(c)                       = baseline(c) + Σ ledger(c) since the baseline
 *   item i:      units in bags + in active listings + in the mailbox    = baseline(i) + Σ ledger(i) since the baseline
 *
 * The baseline is a row of game_data.economy_snapshots, taken automatically the first time the check runs (or on
 * demand with `takeBaseline`). Money and items that legitimately enter or leave the economy elsewhere (seed, quest
 * rewards, staff grants, drops, crafting, consumption) must be written to game_data.economy_ledger with
 * `recordEconomyFlows`, or the check reports them as a difference. Everything is read in one REPEATABLE READ
 * transaction, so the check may run against a live database (the staff dashboard does).
 */
import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import { withActorSql } from "@/server/db/actor-transaction";
import {
  insertLedgerEntries,
  insertSnapshot,
  lastLedgerEntryId,
  latestSnapshot,
  ledgerFlows,
  measureEconomy,
  type EconomyTotals,
  type LedgerEntry,
} from "@/server/ledger/conservation.pg";

export interface CurrencyCheck {
  currencyType: string;
  balances: number;
  fees: number;
  /** balances + fees */
  actual: number;
  /** baseline + ledger flows since; null when there is no baseline (scoped checks) */
  expected: number | null;
  ok: boolean;
}

export interface ItemCheck {
  itemId: number;
  inventory: number;
  activeListings: number;
  mailbox: number;
  actual: number;
  expected: number | null;
  ok: boolean;
}

export interface ConservationReport {
  ok: boolean;
  checkedAt: Date;
  baseline: { snapshotId: number; takenAt: Date; createdNow: boolean } | null;
  currencies: CurrencyCheck[];
  /** Only items whose total differs from the baseline, unless `allItems` was asked for. */
  items: ItemCheck[];
  negativeBalances: EconomyTotals["negativeBalances"];
}

export interface ConservationOptions {
  /** Limit the totals to these characters (no baseline is used or taken then; compare two measurements yourself). */
  characterIds?: number[];
  /** Take a new baseline now (e.g. after loading demo data whose grants were not written to the ledger). */
  takeBaseline?: boolean;
  allItems?: boolean;
}

/** Every total is read from one snapshot, so the check is exact on a live database. Nobody acts: no audit actor. */
function inSnapshotTransaction<T>(pool: PgPool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withActorSql(pool, { userId: null, playerId: null }, work, { isolation: "REPEATABLE READ" });
}

function flatten(totals: EconomyTotals): { currencies: Record<string, number>; items: Record<string, number> } {
  const currencies: Record<string, number> = {};
  for (const [currency, t] of Object.entries(totals.currencies)) currencies[currency] = t.balances + t.fees;
  const items: Record<string, number> = {};
  for (const [itemId, t] of Object.entries(totals.items)) items[itemId] = t.inventory + t.activeListings + t.mailbox;
  return { currencies, items };
}

/** Totals only (no baseline): for before/after comparisons in tests and tools. */
export async function measureEconomyTotals(pool: PgPool, characterIds: number[] | null = null): Promise<EconomyTotals> {
  return inSnapshotTransaction(pool, (client) => measureEconomy(client, characterIds));
}

export async function checkConservation(pool: PgPool, options: ConservationOptions = {}): Promise<ConservationReport> {
  const scoped = options.characterIds !== undefined;
  return inSnapshotTransaction(pool, async (client) => {
    const totals = await measureEconomy(client, options.characterIds ?? null);
    const flat = flatten(totals);
    let baseline: ConservationReport["baseline"] = null;
    let expected: { currencies: Record<string, number>; items: Record<string, number> } | null = null;

    if (!scoped) {
      const upto = await lastLedgerEntryId(client);
      const snapshot = options.takeBaseline ? null : await latestSnapshot(client);
      if (snapshot) {
        const flows = await ledgerFlows(client, snapshot.lastLedgerEntryId, upto);
        expected = { currencies: { ...snapshot.totals.currencies }, items: { ...snapshot.totals.items } };
        for (const [k, v] of Object.entries(flows.currencies)) expected.currencies[k] = (expected.currencies[k] ?? 0) + v;
        for (const [k, v] of Object.entries(flows.items)) expected.items[k] = (expected.items[k] ?? 0) + v;
        baseline = { snapshotId: snapshot.snapshotId, takenAt: snapshot.takenAt, createdNow: false };
      } else {
        // The snapshot row is written in this REPEATABLE READ transaction, so it holds exactly the totals just measured.
        const created = await insertSnapshot(client, { lastLedgerEntryId: upto, totals: flat }, options.takeBaseline ? "baseline requested" : "first check");
        expected = flat;
        baseline = { ...created, createdNow: true };
      }
    }

    const currencyKeys = new Set([...Object.keys(flat.currencies), ...Object.keys(expected?.currencies ?? {})]);
    const currencies: CurrencyCheck[] = [...currencyKeys].sort().map((currencyType) => {
      const t = totals.currencies[currencyType] ?? { balances: 0, fees: 0 };
      const actual = t.balances + t.fees;
      const exp = expected ? (expected.currencies[currencyType] ?? 0) : null;
      return { currencyType, balances: t.balances, fees: t.fees, actual, expected: exp, ok: exp === null || exp === actual };
    });

    const itemKeys = new Set([...Object.keys(flat.items), ...Object.keys(expected?.items ?? {})]);
    const items: ItemCheck[] = [];
    for (const key of itemKeys) {
      const t = totals.items[key] ?? { inventory: 0, activeListings: 0, mailbox: 0 };
      const actual = t.inventory + t.activeListings + t.mailbox;
      const exp = expected ? (expected.items[key] ?? 0) : null;
      const ok = exp === null || exp === actual;
      if (ok && !options.allItems) continue;
      items.push({ itemId: Number(key), ...t, actual, expected: exp, ok });
    }
    items.sort((a, b) => a.itemId - b.itemId);

    const ok = currencies.every((c) => c.ok) && items.every((i) => i.ok) && totals.negativeBalances.length === 0;
    return { ok, checkedAt: new Date(), baseline, currencies, items, negativeBalances: totals.negativeBalances };
  });
}

/**
 * For code outside the market that creates or destroys money or items (quest rewards, staff grants, drops, crafting…):
 * write the flow in the same transaction as the change, so the conservation check can tell it from a leak.
 */
export async function recordEconomyFlows(client: PoolClient, entries: LedgerEntry[]): Promise<void> {
  await insertLedgerEntries(client, entries);
}
