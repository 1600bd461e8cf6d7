/**
 * The market fee: 5 % of a sale's total, rounded down, at least 1 (but never more than the total).
 * It is taken from what the seller receives and leaves the economy (recorded in game_data.market_fees).
 */
export const marketFeePercent = 5;

export function marketFee(total: number): number {
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError("total must be a positive safe integer");
  return Math.min(total, Math.max(1, Math.floor((total * marketFeePercent) / 100)));
}

/** Time left until `expiresAt`, as "2 h 5 min" / "45 min" / "expired". */
export function timeLeft(expiresAt: Date, now: Date = new Date()): string {
  const ms = expiresAt.getTime() - now.getTime();
  if (ms <= 0) return "expired";
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
