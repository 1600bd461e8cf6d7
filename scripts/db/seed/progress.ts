/** Progress bars (cli-progress) with a rows/s figure, or silent no-ops when there is no terminal (tests, CI logs). */
import cliProgress from "cli-progress";

export interface Phase {
  increment(rows: number): void;
  /** Stops the bar; returns rows and rows/s for the summary. */
  stop(): { rows: number; seconds: number; rowsPerSecond: number };
}

export function startPhase(label: string, total: number, enabled: boolean): Phase {
  const started = performance.now();
  let rows = 0;
  const bar = enabled
    ? new cliProgress.SingleBar(
        {
          format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | {duration_formatted}`,
          barsize: 24,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(Math.max(total, 1), 0, { rate: "0" });
  const rate = () => Math.round(rows / Math.max((performance.now() - started) / 1000, 1e-3));
  return {
    increment(delta) {
      rows += delta;
      bar?.update(rows, { rate: rate().toLocaleString("en-US") });
    },
    stop() {
      const seconds = (performance.now() - started) / 1000;
      bar?.update(rows, { rate: rate().toLocaleString("en-US") });
      bar?.stop();
      return { rows, seconds, rowsPerSecond: rate() };
    },
  };
}
