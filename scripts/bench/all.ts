/**
 * `npm run bench [-- --contend --only market,http --skip staff,viewer --report-only]`
 * Every benchmark in one go on the scale data set (docs/data.md), the engines' own baselines in the same run, and one
 * report: bench-report/index.html (+ index.md, charts/*.svg, results.jsonl, logs/<step>.log).
 *   1. Prepares the scale data when it is missing (db:migrate, db:seed --scale 1, search:reindex, world:seed --scale;
 *      each shows its progress; the first time takes about 10–25 minutes on two cores).
 *   2. Runs the steps one after another, each in its own process with BENCH_RESULTS set (lib.ts's recordLatency):
 *      baselines, world, search, market, character, guild, sign-in, staff, http (portal started here), viewer.
 *   3. Writes the report (report.ts): each figure beside the design's SLA, our target, the baseline and the ratio.
 * `--contend` runs a busy loop pinned to one core for the whole run (lib.ts startContention). `--report-only` renders
 * the report again from bench-report/results.jsonl.
 */
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import { loadEnv } from "../lib/env";
import { contendIfAsked, numberOption, readResults, textOption } from "./lib";
import { scaleNames, startPortal, type Portal } from "./portal";
import { charts, htmlReport, markdownReport, type RunInfo } from "./report";

loadEnv();
const root = resolve(import.meta.dirname, "../..");
const out = join(root, "bench-report");
const resultsFile = join(out, "results.jsonl");
const names = scaleNames();
const port = numberOption("port", Number(process.env.BENCH_PORT ?? 3210));
const list = (name: string) => textOption(name, "").split(",").filter(Boolean);
const only = list("only");
const skip = list("skip");
const wanted = (step: string) => (only.length === 0 || only.includes(step)) && !skip.includes(step);
const childEnv = { ...process.env, ...names, BENCH_REDIS_URL: names.REDIS_URL, BENCH_RESULTS: resultsFile, NEXT_TELEMETRY_DISABLED: "1" };
const loads: string[] = [];
const noteLoad = () => loads.push(os.loadavg()[0]!.toFixed(1));

/** Runs a command with its output on the console and in bench-report/logs/<name>.log; resolves to its exit code. */
function run(name: string, command: string, args: string[]): Promise<number> {
  const log = createWriteStream(join(out, "logs", `${name.replace(/[^a-z0-9-]+/gi, "-")}.log`));
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout!, child.stderr!])
      stream.on("data", (chunk: Buffer) => {
        process.stdout.write(chunk);
        log.write(chunk);
      });
    child.on("close", (code) => {
      log.end();
      done(code ?? 1);
    });
  });
}

const tsx = join(root, "node_modules/.bin/tsx");
const npmScript = (name: string, script: string, ...args: string[]) => run(name, "npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])]);

async function prepareScaleData(): Promise<void> {
  const database = new URL(names.DATABASE_URL).pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(names.DATABASE_URL), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rowCount === 1;
  await admin.end();
  let scalePlayers = 0;
  if (exists) {
    const client = new pg.Client({ connectionString: names.DATABASE_URL });
    await client.connect();
    scalePlayers = Number((await client.query("SELECT count(*) AS n FROM game_data.players WHERE username LIKE 'scale\\_%'").catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    await client.end();
  }
  console.log(`scale data: database ${database} ${exists ? `has ${scalePlayers.toLocaleString("en-GB")} scale players` : "is missing"}`);
  if (scalePlayers < 100_000) {
    console.log("preparing the scale data set (docs/data.md): this takes a while; progress follows");
    if ((await npmScript("prepare-migrate", "db:migrate")) !== 0) throw new Error("db:migrate failed");
    if ((await npmScript("prepare-seed", "db:seed", "--scale", "1")) !== 0) throw new Error("db:seed --scale 1 failed");
  }
  const elasticsearch = new ElasticsearchClient({ node: (process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").split(",")[0]! });
  const listings = await elasticsearch.count({ index: `${names.ELASTICSEARCH_INDEX_PREFIX}_listings` }).then((r) => r.count, () => 0);
  await elasticsearch.close();
  console.log(`scale data: index ${names.ELASTICSEARCH_INDEX_PREFIX}_listings holds ${listings.toLocaleString("en-GB")} listings`);
  if (listings === 0 && (await npmScript("prepare-reindex", "search:reindex")) !== 0) throw new Error("search:reindex failed");
  // world:seed says "already in keyspace" and stops when the world is there.
  if ((await npmScript("prepare-world", "world:seed", "--scale", "--keyspace", names.CASSANDRA_KEYSPACE)) !== 0) throw new Error("world:seed --scale failed");
}

function render(info: RunInfo): void {
  const results = readResults(resultsFile);
  rmSync(join(out, "charts"), { recursive: true, force: true });
  mkdirSync(join(out, "charts"), { recursive: true });
  for (const chart of charts(results)) writeFileSync(join(out, "charts", chart.name), chart.svg);
  writeFileSync(join(out, "index.html"), htmlReport(results, info));
  writeFileSync(join(out, "index.md"), markdownReport(results, info));
  writeFileSync(join(out, "run.json"), JSON.stringify(info, null, 2));
  console.log(`\nreport: ${join(out, "index.html")} (and index.md) from ${results.length} figures`);
}

const commit = (() => {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim();
    return dirty ? `${head} (uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
})();
const machine = `${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.cpus()[0]?.model ?? "?"}`;

if (process.argv.includes("--report-only")) {
  const info: RunInfo = { started: "(earlier run)", finished: new Date().toISOString(), commit, machine, loadAverages: "", contended: false, steps: [] };
  try {
    Object.assign(info, JSON.parse((await import("node:fs")).readFileSync(join(out, "run.json"), "utf8")));
  } catch {
    // no run.json: render with what the results say
  }
  render(info);
  process.exit(0);
}

mkdirSync(join(out, "logs"), { recursive: true });
rmSync(resultsFile, { force: true });
const started = new Date();
const stopContention = contendIfAsked();
const steps: RunInfo["steps"] = [];
let portal: Portal | null = null;
try {
  noteLoad();
  await prepareScaleData();
  const plan: { name: string; args: () => string[]; script: string }[] = [
    { name: "baselines", script: "baselines.ts", args: () => [] },
    { name: "world", script: "world.ts", args: () => ["--keyspace", names.CASSANDRA_KEYSPACE] },
    { name: "search", script: "search.ts", args: () => ["--requests", "4000"] },
    { name: "market", script: "market.ts", args: () => ["--url", names.DATABASE_URL, "--seconds", "15"] },
    { name: "character", script: "character.ts", args: () => [] },
    { name: "guild", script: "guild.ts", args: () => ["--ops", "3000"] },
    { name: "sign-in", script: "sign-in.ts", args: () => [] },
    { name: "staff", script: "staff.ts", args: () => ["--ops", "1500"] },
    { name: "http", script: "http.ts", args: () => ["--base", portal!.base, "--portal-pid", String(portal!.pid)] },
    { name: "viewer", script: "world-viewer.ts", args: () => ["--base", portal!.base, "--user", "demo_analyst", "--password", "bluemarble-demo", "--runs", "5"] },
  ].filter((step) => wanted(step.name));
  for (const [index, step] of plan.entries()) {
    if ((step.name === "http" || step.name === "viewer") && !portal) portal = await startPortal(port, { ...childEnv } as Record<string, string>);
    console.log(`\n\x1b[1;34m==> [${index + 1}/${plan.length}] bench:${step.name} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min into the run, load ${os.loadavg()[0]!.toFixed(1)})\x1b[0m`);
    noteLoad();
    const t0 = Date.now();
    const code = await run(step.name, tsx, ["--conditions=react-server", join("scripts/bench", step.script), ...step.args()]);
    steps.push({ name: step.name, seconds: (Date.now() - t0) / 1000, ok: code === 0 });
    if (code !== 0) console.log(`bench:${step.name} exited with ${code}: its figures may be missing from the report (log: bench-report/logs/${step.name}.log)`);
  }
} finally {
  stopContention();
  await portal?.stop();
  noteLoad();
  render({ started: started.toISOString(), finished: new Date().toISOString(), commit, machine, loadAverages: loads.join(" → "), contended: process.argv.includes("--contend"), steps });
}
