/** What every benchmark script parses and reports the same way. */

/** `--name N`: a positive whole number, else the fallback. */
export function numberOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** `--name value`, else the fallback (also when the flag is last and has no value). */
export function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

/** Nearest-rank percentile of ascending samples; NaN without samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs warm-up passes until throughput has levelled off: at least `minPasses`, then until the best of the last three
 * passes beats the best before them by less than 5 % (at most `maxPasses`). `pass` runs one pass and returns its rate
 * (operations per second); the rates are returned for the bench to print. Why: right after an engine starts its JIT
 * compiles under the load (Cassandra, Elasticsearch: JVMs), and a fresh Elasticsearch took about 100 s of market
 * searches to reach its steady rate (92 → 885 searches/s in 24 s, 1,470–1,560/s two minutes later). A rule that
 * compared one pass with the best before it stopped on the first noisy dip and measured the compiler instead.
 */
export async function warmUntilSteady(pass: () => Promise<number>, { minPasses, maxPasses }: { minPasses: number; maxPasses: number }): Promise<number[]> {
  const rates: number[] = [];
  while (rates.length < maxPasses) {
    rates.push(await pass());
    if (rates.length >= Math.max(minPasses, 4) && Math.max(...rates.slice(-3)) < 1.05 * Math.max(...rates.slice(0, -3))) break;
  }
  return rates;
}
