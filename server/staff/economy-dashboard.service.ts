import "server-only";
import type { Engines } from "@/server/engines";
import {
  currentMoneySupply,
  dailyMarketVolume,
  dailyMoneyFlows,
  topTradedItems,
  type DailyVolume,
  type TopItem,
} from "@/server/staff/economy-dashboard.pg";
import { economyDashboardInput, type EconomyDashboardInput } from "@/server/staff/economy.schema";
import { checkConservation, type ConservationReport } from "@/server/ledger/conservation.service";

/** The economy dashboard: money supply per currency per day, market volume and fees per day, top items, conservation. */

export interface SupplyPoint {
  day: string;
  /** Supply at the end of the day (UTC), by currency. */
  supply: Record<string, number>;
}

export interface EconomyDashboard {
  days: string[];
  currencies: string[];
  supply: SupplyPoint[];
  volume: DailyVolume[];
  fees: { day: string; currencyType: string; fees: number }[];
  topItems: TopItem[];
  conservation: ConservationReport | { ok: false; error: string };
}

function utcDays(from: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => new Date(from.getTime() + index * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Walks back from today's balances: the end of day d equals the end of day d+1 minus what entered on d+1
 * (ledger flows) plus what the market destroyed on d+1 (fees). Pure, for the unit tests.
 */
export function reconstructSupply(current: Record<string, number>, flows: { day: string; currencyType: string; ledger: number; fees: number }[], days: string[]): SupplyPoint[] {
  const byDay = new Map<string, Map<string, { ledger: number; fees: number }>>();
  for (const flow of flows) {
    if (!byDay.has(flow.day)) byDay.set(flow.day, new Map());
    byDay.get(flow.day)!.set(flow.currencyType, { ledger: flow.ledger, fees: flow.fees });
  }
  const points: SupplyPoint[] = [];
  let level = { ...current };
  for (let index = days.length - 1; index >= 0; index--) {
    const day = days[index]!;
    points.unshift({ day, supply: { ...level } });
    for (const [currency, flow] of byDay.get(day) ?? []) level[currency] = (level[currency] ?? 0) - flow.ledger + flow.fees;
    level = { ...level };
  }
  return points;
}

export async function economyDashboard(engines: Engines, rawInput: EconomyDashboardInput, now = new Date()): Promise<EconomyDashboard> {
  const input = economyDashboardInput.parse(rawInput);
  const pool = engines.postgres.pool;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (input.days - 1) * 86_400_000);
  const days = utcDays(from, input.days);
  const [current, flows, volume, topItems, conservation] = await Promise.all([
    currentMoneySupply(pool),
    dailyMoneyFlows(pool, from),
    dailyMarketVolume(pool, from),
    topTradedItems(pool, from, 10),
    checkConservation(pool).catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : "The check failed to run." })),
  ]);
  const currentMap = Object.fromEntries(current.map((row) => [row.currencyType, row.total]));
  const currencies = [...new Set([...Object.keys(currentMap), ...flows.map((f) => f.currencyType)])].sort();
  return {
    days,
    currencies,
    supply: reconstructSupply(currentMap, flows, days),
    volume,
    fees: flows.filter((flow) => flow.fees > 0).map((flow) => ({ day: flow.day, currencyType: flow.currencyType, fees: flow.fees })),
    topItems,
    conservation,
  };
}
