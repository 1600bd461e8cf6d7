/**
 * The benchmark report of one `npm run bench` run: one table (each figure, the design's SLA, our target, the engine
 * baseline measured in the same run, the ratio) and the latency distributions as static SVG charts. Pure: results in,
 * files' contents out (bench-report/index.html, index.md, charts/*.svg).
 */
import { chartPercentiles, type BenchResult, type LatencyResult, type ValueResult } from "./lib";

type Stat = "p50" | "p95" | "p99" | "throughput" | "value";

interface FigureRef {
  key: string;
  stat: Stat;
}

interface Row {
  figure: string;
  of: FigureRef | ((find: Finder) => number | undefined);
  unit: "ms" | "/s" | "×";
  /** The seed's "Query Performance Targets" (performance_sla), as written there. */
  sla?: string;
  /** Our target (issue "Speed on a slower machine"), as a test on the figure; a text for the table. */
  target?: { text: string; met: (value: number, baseline: number | undefined) => boolean };
  /** An engine's own figure from the same run, in the row's unit. */
  baseline?: { label: string; of: FigureRef | ((find: Finder) => number | undefined) };
}

type Finder = (ref: FigureRef) => number | undefined;

const below = (limit: number) => ({ text: `< ${limit} ms`, met: (v: number) => v < limit });
const ratioAtLeast = (r: number, of: string) => ({ text: `≥ ${r} × ${of}`, met: (v: number, base: number | undefined) => base !== undefined && v >= r * base });

const pgbenchTps: Row["baseline"] = {
  label: "pgbench TPC-B-like tps",
  // The pgbench run right after the buys, else the baselines' own.
  of: (find) => find({ key: "market.pgbench-tps", stat: "value" }) ?? find({ key: "baseline.pgbench.tps", stat: "value" }),
};
const esTerm: Row["baseline"] = { label: "bare ES term query p95", of: { key: "baseline.es.term", stat: "p95" } };

const http = (key: string, label: string, targetMs: number, sla?: string): Row[] => [
  { figure: `${label} through HTTP: highest open-loop rate holding p95 < ${targetMs} ms`, of: { key: `http.${key}.http.rate`, stat: "value" }, unit: "/s", baseline: { label: "in-process highest rate", of: { key: `http.${key}.in-process.rate`, stat: "value" } } },
  { figure: `${label} through HTTP: p95 at that rate (at the lowest rate tried when none held)`, of: { key: `http.${key}.http`, stat: "p95" }, unit: "ms", sla, target: below(targetMs), baseline: { label: "in-process p95 at its highest rate", of: { key: `http.${key}.in-process`, stat: "p95" } } },
  { figure: `${label}: CPU per request through HTTP (all processes)`, of: { key: `http.${key}.http.cpu`, stat: "value" }, unit: "ms", baseline: { label: "in-process CPU per request", of: { key: `http.${key}.in-process.cpu`, stat: "value" } } },
];

/** Every row of the report, in the order of the issue's targets. */
export const reportRows: Row[] = [
  { figure: "market search p95, every page request (16 clients)", of: { key: "market.search", stat: "p95" }, unit: "ms", sla: "< 100 ms", target: below(30), baseline: esTerm },
  { figure: "market search p95, item-name text", of: { key: "market.search.text", stat: "p95" }, unit: "ms", sla: "< 100 ms", target: below(30), baseline: esTerm },
  { figure: "market search p95, browse without text", of: { key: "market.search.browse", stat: "p95" }, unit: "ms", sla: "< 100 ms", target: below(30) },
  {
    figure: "market text p95 ÷ browse p95",
    of: (find) => {
      const text = find({ key: "market.search.text", stat: "p95" });
      const browse = find({ key: "market.search.browse", stat: "p95" });
      return text !== undefined && browse ? text / browse : undefined;
    },
    unit: "×",
    target: { text: "≤ 2", met: (v) => v <= 2 },
  },
  { figure: "market buy p95 (16 clients)", of: { key: "market.buy", stat: "p95" }, unit: "ms", sla: "< 200 ms (trade_operations)", target: below(50), baseline: { label: "pgbench latency average", of: { key: "baseline.pgbench.latency", stat: "value" } } },
  { figure: "market buys per second", of: { key: "market.buy", stat: "throughput" }, unit: "/s", target: ratioAtLeast(0.5, "pgbench tps"), baseline: pgbenchTps },
  { figure: "octree node read, cached, p95", of: { key: "world.node.cached", stat: "p95" }, unit: "ms", sla: "< 1 ms", target: below(0.5), baseline: { label: "redis-benchmark GET p95", of: { key: "baseline.redis.p95", stat: "value" } } },
  { figure: "octree node reads per second, cached", of: { key: "world.node.cached", stat: "throughput" }, unit: "/s", target: ratioAtLeast(0.7, "redis-benchmark GET"), baseline: { label: "redis-benchmark GET /s", of: { key: "baseline.redis.rps", stat: "value" } } },
  { figure: "octree node read, uncached, p95", of: { key: "world.node.uncached", stat: "p95" }, unit: "ms", sla: "< 10 ms", target: below(5), baseline: { label: "bare CQL point read p95", of: { key: "baseline.cql.point", stat: "p95" } } },
  { figure: "region of ~10,016 nodes, 16 viewers at once, p50", of: { key: "world.region.warm-parallel", stat: "p50" }, unit: "ms", target: below(300) },
  { figure: "region of ~10,016 nodes, 16 viewers at once, p95", of: { key: "world.region.warm-parallel", stat: "p95" }, unit: "ms", target: below(300) },
  { figure: "region of ~10,016 nodes, warm, one viewer, p95", of: { key: "world.region.warm", stat: "p95" }, unit: "ms", target: below(200) },
  { figure: "region of ~10,016 nodes, cold, p95", of: { key: "world.region.cold", stat: "p95" }, unit: "ms", target: below(1000) },
  { figure: "search, all kinds, p95 (Elasticsearch)", of: { key: "search.ALL", stat: "p95" }, unit: "ms", sla: "< 100 ms (marketplace_search)", target: below(30), baseline: esTerm },
  { figure: "commit → searchable lag, p95", of: { key: "search.lag", stat: "p95" }, unit: "ms", target: below(1000) },
  { figure: "character load p95 (in-process)", of: { key: "character.load", stat: "p95" }, unit: "ms", sla: "< 200 ms", target: below(20) },
  { figure: "inventory move p95 (in-process)", of: { key: "character.move", stat: "p95" }, unit: "ms", sla: "< 50 ms", target: below(20) },
  { figure: "guild page load p95 (in-process)", of: { key: "guild.page-load-both", stat: "p95" }, unit: "ms", sla: "< 150 ms", target: below(30) },
  { figure: "guild membership change p95", of: { key: "guild.membership-change", stat: "p95" }, unit: "ms", sla: "< 150 ms", target: below(30) },
  { figure: "sign-in p95, full path (in-process)", of: { key: "sign-in.full", stat: "p95" }, unit: "ms", sla: "< 100 ms (player_login)", target: below(100), baseline: { label: "argon2id verify alone p95", of: { key: "sign-in.argon2", stat: "p95" } } },
  { figure: "world viewer, first frame p95 (headless Chromium, survey area)", of: { key: "viewer.first", stat: "p95" }, unit: "ms", target: below(2000) },
  { figure: "world viewer, all levels drawn p95", of: { key: "viewer.complete", stat: "p95" }, unit: "ms" },
  { figure: "staff audit-log page p95 (5 M rows)", of: { key: "staff.audit", stat: "p95" }, unit: "ms", target: below(100) },
  { figure: "staff player look-up p95", of: { key: "staff.lookup", stat: "p95" }, unit: "ms", target: below(50) },
  ...http("sign-in", "sign-in", 100, "< 100 ms (player_login)"),
  ...http("character", "character page", 30, "< 200 ms (character_load)"),
  ...http("move", "inventory move", 20, "< 50 ms (inventory_operations)"),
  ...http("search", "market search", 30, "< 100 ms (marketplace_search)"),
  ...http("buy", "market buy", 50, "< 200 ms (trade_operations)"),
  ...http("guild", "guild page", 30, "< 150 ms (guild_operations)"),
  ...http("region", "world region (staff)", 300),
  { figure: "pgbench TPC-B-like (baseline)", of: { key: "baseline.pgbench.tps", stat: "value" }, unit: "/s" },
  { figure: "redis-benchmark GET, 16 clients (baseline)", of: { key: "baseline.redis.rps", stat: "value" }, unit: "/s" },
  { figure: "Elasticsearch bare term query p95 (baseline)", of: { key: "baseline.es.term", stat: "p95" }, unit: "ms" },
  { figure: "Cassandra bare point read p95 (baseline)", of: { key: "baseline.cql.point", stat: "p95" }, unit: "ms" },
];

export function finder(results: readonly BenchResult[]): Finder {
  // The last result of a key wins (a bench re-run within the same report).
  const byKey = new Map(results.map((r) => [r.key, r] as const));
  return ({ key, stat }) => {
    const result = byKey.get(key);
    if (!result) return undefined;
    if (result.kind === "value") return stat === "value" ? result.value : undefined;
    const value = stat === "throughput" ? result.throughput : stat === "value" ? undefined : result[stat];
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
}

const resolve = (of: Row["of"], find: Finder) => (typeof of === "function" ? of(find) : find(of));

export function formatValue(value: number | undefined, unit: Row["unit"]): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  if (unit === "ms") return `${value.toFixed(value < 1 ? 3 : value < 100 ? 1 : 0)} ms`;
  if (unit === "/s") return value < 10 ? `${value.toFixed(2)}/s` : `${Math.round(value).toLocaleString("en-GB")}/s`;
  return `${value.toFixed(2)}×`;
}

export interface TableLine {
  figure: string;
  value: string;
  sla: string;
  target: string;
  baseline: string;
  ratio: string;
  verdict: "met" | "missed" | "";
}

export function tableLines(results: readonly BenchResult[]): TableLine[] {
  const find = finder(results);
  return reportRows.flatMap((row) => {
    const value = resolve(row.of, find);
    if (value === undefined) return [];
    const baseline = row.baseline ? resolve(row.baseline.of, find) : undefined;
    return [
      {
        figure: row.figure,
        value: formatValue(value, row.unit),
        sla: row.sla ?? "",
        target: row.target?.text ?? "",
        baseline: row.baseline && baseline !== undefined ? `${formatValue(baseline, row.unit)} (${row.baseline.label})` : "",
        ratio: baseline ? `${(value / baseline).toFixed(2)}` : "",
        verdict: row.target ? (row.target.met(value, baseline) ? "met" : "missed") : "",
      },
    ];
  });
}

// ------------------------------------------------------------------ charts

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * Latency by percentile for several distributions: x is the percentile, spaced by the index of `chartPercentiles`
 * (so the tail from p90 to p100 gets as much room as the body), y is milliseconds on a log scale.
 */
export function latencyChart(title: string, series: readonly LatencyResult[]): string {
  const width = 760;
  const left = 64;
  const right = 16;
  const top = 34;
  const plotHeight = 240;
  const legendHeight = 18 * series.length + 8;
  const height = top + plotHeight + 40 + legendHeight;
  const values = series.flatMap((s) => s.quantiles.filter((v) => Number.isFinite(v) && v > 0));
  const lo = Math.pow(10, Math.floor(Math.log10(Math.max(1e-3, Math.min(...values)))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, lo * 10))));
  const x = (i: number) => left + (i * (width - left - right)) / (chartPercentiles.length - 1);
  const y = (v: number) => top + plotHeight - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>${escape(title)}</title><rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="13" font-weight="600">${escape(title)}</text>`,
  ];
  for (let decade = lo; decade <= hi * 1.0001; decade *= 10) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(decade)}" y2="${y(decade)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(decade) + 4}" text-anchor="end">${decade >= 1 ? decade.toLocaleString("en-GB") : decade} ms</text>`);
  }
  chartPercentiles.forEach((p, i) => {
    if (![0, 50, 90, 95, 99, 99.9, 100].includes(p)) return;
    parts.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${top}" y2="${top + plotHeight}" stroke="#eee"/>`);
    parts.push(`<text x="${x(i)}" y="${top + plotHeight + 16}" text-anchor="middle">p${p}</text>`);
  });
  parts.push(`<rect x="${left}" y="${top}" width="${width - left - right}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  series.forEach((s, k) => {
    const colour = palette[k % palette.length]!;
    const points = s.quantiles.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : null)).filter(Boolean);
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(" ")}"/>`);
    const ly = top + plotHeight + 36 + 18 * k;
    parts.push(`<line x1="${left}" x2="${left + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${left + 24}" y="${ly}">${escape(`${s.label} — p50 ${s.p50.toFixed(s.p50 < 1 ? 3 : 1)} · p95 ${s.p95.toFixed(s.p95 < 1 ? 3 : 1)} · p99 ${s.p99.toFixed(s.p99 < 1 ? 3 : 1)} ms, n ${s.n}`)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** One chart per bench, its latency distributions together (a bench's per-kind series beside its total). */
export function charts(results: readonly BenchResult[]): { name: string; title: string; svg: string }[] {
  const latest = new Map<string, LatencyResult>();
  for (const r of results) if (r.kind === "latency" && r.n > 0) latest.set(r.key, r);
  const byBench = new Map<string, LatencyResult[]>();
  for (const r of latest.values()) byBench.set(r.bench, [...(byBench.get(r.bench) ?? []), r]);
  const out: { name: string; title: string; svg: string }[] = [];
  for (const [bench, series] of byBench) {
    // At most ten lines per chart: split larger benches (bench:http has two per endpoint).
    for (let i = 0; i < series.length; i += 10) {
      const part = series.slice(i, i + 10);
      const title = `${bench}: latency by percentile${series.length > 10 ? ` (${i / 10 + 1})` : ""}`;
      out.push({ name: `${bench.replace(/[^a-z0-9]+/gi, "-")}${i ? `-${i / 10 + 1}` : ""}.svg`, title, svg: latencyChart(title, part) });
    }
  }
  return out;
}

// ------------------------------------------------------------------ documents

export interface RunInfo {
  started: string;
  finished: string;
  commit: string;
  machine: string;
  loadAverages: string;
  contended: boolean;
  steps: { name: string; seconds: number; ok: boolean }[];
}

export function markdownReport(results: readonly BenchResult[], info: RunInfo): string {
  const lines = tableLines(results);
  const values = results.filter((r): r is ValueResult => r.kind === "value");
  return [
    `# Benchmark report`,
    ``,
    `Run ${info.started} → ${info.finished} on ${info.machine}, commit ${info.commit}${info.contended ? ", **with a busy-loop process pinned to one core beside it (--contend)**" : ""}; load averages ${info.loadAverages}.`,
    `Steps: ${info.steps.map((s) => `${s.name} ${s.seconds.toFixed(0)} s${s.ok ? "" : " (FAILED)"}`).join(", ")}.`,
    ``,
    `| figure | value | design SLA | our target | baseline (same run) | ratio | |`,
    `|---|---:|---|---|---|---:|---|`,
    ...lines.map((l) => `| ${l.figure} | ${l.value} | ${l.sla} | ${l.target} | ${l.baseline} | ${l.ratio} | ${l.verdict} |`),
    ``,
    `## Charts`,
    ``,
    ...charts(results).map((c) => `![${c.title}](charts/${c.name})`),
    ``,
    `## Every figure recorded`,
    ``,
    `| bench | figure | n | p50 | p95 | p99 | throughput |`,
    `|---|---|---:|---:|---:|---:|---:|`,
    ...results
      .filter((r): r is LatencyResult => r.kind === "latency")
      .map((r) => `| ${r.bench} | ${r.label} | ${r.n} | ${formatValue(r.p50, "ms")} | ${formatValue(r.p95, "ms")} | ${formatValue(r.p99, "ms")} | ${r.throughput ? formatValue(r.throughput, "/s") : ""} |`),
    ...values.map((v) => `| ${v.bench} | ${v.label} | | | | | ${v.value.toFixed(2)} ${v.unit} |`),
    ``,
  ].join("\n");
}

export function htmlReport(results: readonly BenchResult[], info: RunInfo): string {
  const lines = tableLines(results);
  const row = (cells: string[], tag = "td") => `<tr>${cells.map((c, i) => `<${tag}${i === 1 || i === 5 ? ' class="n"' : ""}>${c}</${tag}>`).join("")}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BlueMarble benchmark report ${escape(info.started)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}.met{color:#1a7f37;font-weight:600}.missed{color:#c62828;font-weight:600}
figure{margin:1.5rem 0}
</style></head><body>
<h1>Benchmark report</h1>
<p>Run ${escape(info.started)} → ${escape(info.finished)} on ${escape(info.machine)}, commit <code>${escape(info.commit)}</code>${info.contended ? ", <strong>with a busy-loop process pinned to one core beside it (--contend)</strong>" : ""}; load averages ${escape(info.loadAverages)}.</p>
<p>Steps: ${info.steps.map((s) => `${escape(s.name)} ${s.seconds.toFixed(0)} s${s.ok ? "" : " <strong>(failed)</strong>"}`).join(", ")}.</p>
<table>
${row(["figure", "value", "design SLA", "our target", "baseline (same run)", "ratio", ""], "th")}
${lines.map((l) => row([escape(l.figure), escape(l.value), escape(l.sla), escape(l.target), escape(l.baseline), escape(l.ratio), l.verdict ? `<span class="${l.verdict}">${l.verdict}</span>` : ""])).join("\n")}
</table>
<h2>Latency distributions</h2>
${charts(results).map((c) => `<figure>${c.svg}</figure>`).join("\n")}
</body></html>
`;
}
