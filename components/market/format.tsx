import type { CurrencyType } from "@/server/market/market.schema";

export const currencyNames: Record<CurrencyType, string> = { gold: "gold", gems: "gems", pvp_tokens: "PvP tokens", event_currency: "event currency" };

/** Each currency's unit for one of it (the rest read as currencyNames): "1 gem", "2 gems", "1 gold". */
const singularNames: Record<CurrencyType, string> = { gold: "gold", gems: "gem", pvp_tokens: "PvP token", event_currency: "event currency" };

export function formatAmount(amount: number, currency: CurrencyType | string): string {
  const names = amount === 1 ? singularNames : currencyNames;
  return `${amount.toLocaleString("en-GB")} ${names[currency as CurrencyType] ?? currency}`;
}

export function formatSecondsLeft(seconds: number): string {
  if (seconds <= 0) return "expired";
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export const rarityStyles: Record<string, string> = {
  common: "bg-slate-100 text-slate-700",
  uncommon: "bg-emerald-100 text-emerald-800",
  rare: "bg-ocean-100 text-ocean-900",
  epic: "bg-amber-100 text-amber-900",
  legendary: "bg-amber-200 text-amber-900",
  mythic: "bg-red-100 text-red-800",
};

export function RarityBadge({ rarity }: { rarity: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium capitalize ${rarityStyles[rarity] ?? rarityStyles.common}`}>{rarity}</span>;
}

/** A fresh key per purchase attempt; kept while the same attempt is retried so the server can recognise it. */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
