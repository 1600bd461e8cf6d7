/** What every benchmark script parses, measures and reports the same way. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import os from "node:os";

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

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((sum, v) => sum + v, 0) / sorted.length : Number.NaN;
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, mean };
}

/** Milliseconds with precision that suits their size (0.245 ms, 24.5 ms, 245 ms). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return `${value.toFixed(value < 1 ? 3 : value < 100 ? 1 : 0)} ms`;
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

export const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

// ------------------------------------------------------------------ results for the report

/** The latency distribution's shape for the report's charts: the value at each of these percentiles. */
export const chartPercentiles = [0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5, 99.9, 100] as const;

export interface LatencyResult extends LatencySummary {
  kind: "latency";
  bench: string;
  /** Stable key the report's table refers to, e.g. "market.buy". */
  key: string;
  label: string;
  /** Operations per second over the phase, when the phase measured one. */
  throughput?: number;
  quantiles: number[];
  errors?: number;
}

export interface ValueResult {
  kind: "value";
  bench: string;
  key: string;
  label: string;
  value: number;
  unit: string;
}

export type BenchResult = LatencyResult | ValueResult;

/**
 * Hands a figure to `npm run bench`: when BENCH_RESULTS names a file, appends it there as one JSON line. The benches
 * print their own tables as before; this is what the report is built from, so no report parses console output.
 */
export function recordLatency(bench: string, key: string, label: string, samples: readonly number[], extra: { throughput?: number; errors?: number } = {}): LatencySummary {
  const summary = summarize(samples);
  const file = process.env.BENCH_RESULTS;
  if (file) {
    const sorted = [...samples].sort((a, b) => a - b);
    const result: LatencyResult = { kind: "latency", bench, key, label, ...summary, ...extra, quantiles: chartPercentiles.map((p) => (p === 0 ? (sorted[0] ?? Number.NaN) : percentile(sorted, p))) };
    appendFileSync(file, `${JSON.stringify(result)}\n`);
  }
  return summary;
}

export function recordValue(bench: string, key: string, label: string, value: number, unit: string): void {
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify({ kind: "value", bench, key, label, value, unit } satisfies ValueResult)}\n`);
}

export function readResults(file: string): BenchResult[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BenchResult);
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------ open-loop load

export interface OpenLoopStep {
  /** Arrivals per second asked for. */
  rate: number;
  /** Requests scheduled (rate × seconds). */
  scheduled: number;
  /** Latency of every request, failures included, from the moment it was due (not from when it went out). */
  latencies: number[];
  failures: number;
  firstFailures: string[];
  /** Completed requests per second of wall time, from the first arrival to the last answer. */
  throughput: number;
  /** How late the generator sent requests (ms, p99): a high value means the generator, not the server, fell behind. */
  sendLagP99: number;
  maxInFlight: number;
  wallSeconds: number;
}

/**
 * Sends `send(i)` at a fixed arrival rate for `seconds`, whatever the answers do (open loop: arrivals never wait for
 * earlier answers, so queueing shows in the latency instead of lowering the rate). Each request's latency runs from
 * the time it was due, so a generator that fell behind, a pool that queued it or a server that answered late all count.
 * A request that failed (threw) counts with the time it took to fail; one still unanswered after `timeoutMs` counts as a
 * failure with that latency. Arrivals are evenly spaced (k6's constant-arrival-rate); the timer wakes at most every
 * millisecond and sends every request that has come due, so the generator idles between arrivals.
 */
export async function openLoop(send: (i: number) => Promise<void>, options: { rate: number; seconds: number; timeoutMs?: number }): Promise<OpenLoopStep> {
  const { rate, seconds } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const scheduled = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const firstFailures: string[] = [];
  let failures = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastAnswer = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 5;
  const fire = (i: number, due: number) => {
    lags.push(performance.now() - due);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    pending.push(
      Promise.race([send(i), timeout])
        .catch((error: unknown) => {
          failures++;
          if (firstFailures.length < 3) firstFailures.push(error instanceof Error ? error.message : String(error));
        })
        .finally(() => {
          clearTimeout(timer);
          lastAnswer = performance.now();
          latencies.push(lastAnswer - due);
          inFlight--;
        }),
    );
  };
  let next = 0;
  while (next < scheduled) {
    const now = performance.now();
    while (next < scheduled && start + next * interval <= now) {
      fire(next, start + next * interval);
      next++;
    }
    if (next < scheduled) await sleep(Math.max(0, Math.min(start + next * interval - performance.now(), 50)));
  }
  await Promise.all(pending);
  const wallSeconds = (lastAnswer - start) / 1000;
  lags.sort((a, b) => a - b);
  // Over the schedule's length at least: a step of one request answered in 0.3 s did not run at 3/s.
  return { rate, scheduled, latencies, failures, firstFailures, throughput: (scheduled - failures) / Math.max(wallSeconds, seconds), sendLagP99: percentile(lags, 99), maxInFlight, wallSeconds };
}

export interface RateSearch {
  steps: OpenLoopStep[];
  /** The highest rate whose p95 (every request) stayed under the target with at most 1 % failures; null if none did. */
  best: OpenLoopStep | null;
}

/** A step holds when its p95 over every request is under the target and at most 1 % of its requests failed. */
export const holds = (step: OpenLoopStep, targetMs: number) => summarize(step.latencies).p95 < targetMs && step.failures <= 0.01 * step.scheduled;

/**
 * Steps the arrival rate up from `startRate` by `factor` until a step no longer holds the target, then tries once
 * between the last rate that held and the first that did not; reports the highest rate that held. When the start
 * rate already misses, it halves the rate (three times at most) instead. `onStep` sees each
 * step (for printing, CPU sampling). A short idle gap between steps lets the queues of a failed step drain.
 */
export async function findMaxRate(
  run: (rate: number) => Promise<OpenLoopStep>,
  options: { startRate: number; factor?: number; targetMs: number; maxSteps?: number; onStep?: (step: OpenLoopStep, held: boolean) => void },
): Promise<RateSearch> {
  const factor = options.factor ?? 1.5;
  const steps: OpenLoopStep[] = [];
  let best: OpenLoopStep | null = null;
  let failedRate: number | null = null;
  let rate = options.startRate;
  const maxSteps = options.maxSteps ?? 14;
  const tryRate = async (r: number) => {
    const step = await run(r);
    const held = holds(step, options.targetMs);
    steps.push(step);
    options.onStep?.(step, held);
    await sleep(1_000);
    return held;
  };
  const round = (r: number) => Math.round(r * 100) / 100;
  let held = await tryRate(rate);
  // A start rate that already misses: halve it (three times at most), so the figure says how far below it the limit is.
  for (let downs = 0; !held && downs < 3; downs++) {
    failedRate = rate;
    rate = round(rate / 2);
    held = await tryRate(rate);
  }
  if (!held) return { steps, best };
  best = steps.at(-1)!;
  while (failedRate === null && steps.length < maxSteps) {
    rate = round(rate * factor);
    if (await tryRate(rate)) best = steps.at(-1)!;
    else failedRate = rate;
  }
  if (failedRate !== null && best) {
    const between = round(Math.sqrt(best.rate * failedRate));
    if (between > best.rate && between < failedRate && (await tryRate(between))) best = steps.at(-1)!;
  }
  return { steps, best };
}

// ------------------------------------------------------------------ CPU per process

const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** User + system CPU time of one process in ms (0 if it is gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return 0;
  }
}

/** Every live process: pid → [parent pid, command line]. */
function processTable(): Map<number, { ppid: number; cmdline: string }> {
  const table = new Map<number, { ppid: number; cmdline: string }>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      table.set(pid, { ppid, cmdline });
    } catch {
      // the process ended meanwhile
    }
  }
  return table;
}

/** A process and all its descendants (a `next start` forks its server). */
export function processTree(root: number): number[] {
  const table = processTable();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, info] of table) if (info.ppid === tree[i]) tree.push(pid);
  return tree;
}

/** Pids whose command line matches, e.g. the Elasticsearch and Cassandra JVMs, redis-server. */
export function pidsMatching(pattern: RegExp): number[] {
  return [...processTable()].filter(([, info]) => pattern.test(info.cmdline)).map(([pid]) => pid);
}

export type ProcessGroups = Record<string, () => number[] | Promise<number[]>>;

/** Inodes of the sockets listening on a TCP port (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cells = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN; the inode is the tenth column.
      if (cells[1]?.endsWith(`:${hex}`) && cells[3] === "0A") inodes.add(cells[9]!);
    }
  }
  return inodes;
}

/** The process listening on a TCP port: the engine an URL points at, not another engineer's node of the same kind. */
export function pidListening(port: number): number[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith("socket:[") && inodes.has(target.slice(8, -1))) return [pid];
      } catch {
        // closed meanwhile
      }
    }
  }
  return [];
}

const portOf = (url: string, fallback: number) => {
  try {
    return Number(new URL(url.includes("://") ? url : `tcp://${url}`).port) || fallback;
  } catch {
    return fallback;
  }
};

/**
 * The engines every bench touches, found by the port their URL names (several engineers' nodes of the same kind may
 * run on the machine); the PostgreSQL backends are found per database (postgresBackends).
 */
export function engineProcessGroups(): ProcessGroups {
  const redisPort = portOf(process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? "", 6379);
  const esPort = portOf((process.env.ELASTICSEARCH_URL ?? "").split(",")[0]!, 9200);
  const cassandraPort = portOf((process.env.CASSANDRA_CONTACT_POINTS ?? "").split(",")[0]!, 9042);
  return {
    redis: () => pidListening(redisPort),
    elasticsearch: () => pidListening(esPort),
    cassandra: () => pidListening(cassandraPort),
  };
}

/**
 * CPU time spent by groups of processes between `start()` and `stop()`, in ms per group. Groups are resolved at
 * start (PostgreSQL backends come and go with pools: resolve them after the pools are warm).
 */
export async function cpuMeter(groups: ProcessGroups): Promise<{ stop: () => Record<string, number> }> {
  const resolved = await Promise.all(Object.entries(groups).map(async ([name, find]) => [name, await find()] as const));
  const before = resolved.map(([name, pids]) => [name, pids.map((pid) => [pid, cpuMs(pid)] as const)] as const);
  // Per process, and never below zero: a backend that ended meanwhile reads 0 (its time is lost, not subtracted).
  return {
    stop: () => Object.fromEntries(before.map(([name, pids]) => [name, pids.reduce((sum, [pid, start]) => sum + Math.max(0, cpuMs(pid) - start), 0)])),
  };
}

/** "next 1.42 · postgres 0.81 · …" ms of CPU per operation, and their sum against the two cores' budget. */
export function formatCpuPerOp(cpu: Record<string, number>, operations: number): string {
  const parts = Object.entries(cpu)
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${name} ${(value / operations).toFixed(2)}`);
  const total = Object.values(cpu).reduce((sum, v) => sum + v, 0) / operations;
  return `${parts.join(" · ")} = ${total.toFixed(2)} ms CPU/op (ceiling on ${os.availableParallelism()} cores: ${((os.availableParallelism() * 1000) / total).toFixed(0)} ops/s)`;
}

// ------------------------------------------------------------------ a second CPU-heavy process

/**
 * `--contend`: a busy-loop process pinned to one core (`taskset -c <last core>`) beside the run, so "with a second
 * CPU-heavy process" is the same on every machine: one of the two cores is taken away at full speed for as long as
 * the bench runs. Returns a stop function (the process is also ended when this one exits).
 */
export function startContention(): () => void {
  const core = String(os.availableParallelism() - 1);
  const child: ChildProcess = spawn("taskset", ["-c", core, process.execPath, "-e", "for (;;) {}"], { stdio: "ignore" });
  const stop = () => {
    if (child.exitCode === null && child.pid) child.kill("SIGKILL");
  };
  process.once("exit", stop);
  console.log(`contention: a busy loop pinned to core ${core} (pid ${child.pid}) runs beside this bench`);
  return stop;
}

/** Starts the contender when `--contend` was passed; returns its stop function (a no-op otherwise). */
export function contendIfAsked(): () => void {
  return process.argv.includes("--contend") ? startContention() : () => undefined;
}

// ------------------------------------------------------------------ pgbench

export interface PgbenchResult {
  tps: number;
  latencyAverageMs: number;
}

/**
 * pgbench's built-in TPC-B-like script on a database of its own on the same server as `url` (bluemarble_pgbench,
 * created and initialised at scale 10 once): the engine's own transaction rate on this machine, for ratios.
 */
export async function runPgbench(url: string, clients: number, seconds: number): Promise<PgbenchResult> {
  const bench = new URL(url);
  bench.pathname = "/bluemarble_pgbench";
  const env = { ...process.env, PGHOST: bench.hostname, PGPORT: bench.port || "5432", PGUSER: decodeURIComponent(bench.username) || "postgres" };
  const psql = (sql: string, database = "postgres") => execFileSync("psql", ["-X", "-A", "-t", "-d", database, "-c", sql], { env, encoding: "utf8" }).trim();
  if (psql("SELECT 1 FROM pg_database WHERE datname = 'bluemarble_pgbench'") !== "1") execFileSync("createdb", ["bluemarble_pgbench"], { env, stdio: "inherit" });
  if (psql("SELECT to_regclass('public.pgbench_accounts') IS NOT NULL", "bluemarble_pgbench") !== "t") execFileSync("pgbench", ["-i", "-s", "10", "-q", "bluemarble_pgbench"], { env, stdio: "inherit" });
  const out = execFileSync("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), "bluemarble_pgbench"], { env, encoding: "utf8" });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
  return { tps, latencyAverageMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]) };
}

/** The one-minute load average, to print beside figures taken on a shared machine. */
export const loadAverage = () => os.loadavg()[0]!.toFixed(1);

/** The PostgreSQL backends serving `database` (pools' connections; resolve once the pools are warm). */
export function postgresBackends(pool: { query: (sql: string, values: unknown[]) => Promise<{ rows: { pid: number }[] }> }, database: string): () => Promise<number[]> {
  return async () => (await pool.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [database])).rows.map((row) => Number(row.pid));
}

export interface ClosedLoopRun {
  /** Latencies (ms) of the calls that succeeded. */
  latencies: number[];
  errors: number;
  firstErrors: string[];
  wall: number;
}

/**
 * `clients` loops, each calling `op` again as soon as its previous call returned, for `seconds` (closed loop: the rate
 * is whatever the system answers, which is how the targets "p95 under 16 concurrent clients" are stated).
 */
export async function closedLoop(clients: number, seconds: number, op: (client: number, i: number) => Promise<unknown>): Promise<ClosedLoopRun> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await op(client, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { latencies, errors, firstErrors, wall: (performance.now() - started) / 1000 };
}
