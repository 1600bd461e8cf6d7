/**
 * The production portal for HTTP benchmarks: `next build` when the build is missing or older than the code, `next start`
 * on BENCH_PORT against the scale data set, and sign-in through next-auth's credentials endpoint as a browser does it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Pool } from "undici";
import { sleep } from "./lib";

const root = resolve(import.meta.dirname, "../..");

/**
 * The benchmark data set's names (docs/data.md): one name for the database, the index prefix and the keyspace, and the
 * benchmark Redis db (BENCH_REDIS_URL, db 3 by default: `bench:world` flushes it, so nothing else may live there).
 */
export function scaleNames(): Record<"DATABASE_URL" | "ELASTICSEARCH_INDEX_PREFIX" | "CASSANDRA_KEYSPACE" | "REDIS_URL", string> {
  const name = process.env.BENCH_SCALE_NAME ?? "bluemarble_scale";
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/bluemarble");
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), ELASTICSEARCH_INDEX_PREFIX: name, CASSANDRA_KEYSPACE: name, REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/3" };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== "generated" && entry !== "node_modules") newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs `next build` unless `.next/BUILD_ID` is newer than every source the build reads. */
export function ensureBuild(log: (line: string) => void = console.log): void {
  const buildId = join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "server", "next.config.ts", "package-lock.json", "instrumentation.ts"].map((p) => join(root, p)).filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newest) return log("portal: the production build is current");
  log("portal: next build (the production build is missing or older than the code)…");
  const started = Date.now();
  execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  log(`portal: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export interface Portal {
  base: string;
  /** The `next start` process (its tree is the server), or null for a server started elsewhere. */
  pid: number | null;
  stop: () => Promise<void>;
}

/** `next start` on `port` with the given engine names; resolves once /api/health answers 200. */
export async function startPortal(port: number, env: Record<string, string>, log: (line: string) => void = console.log): Promise<Portal> {
  ensureBuild(log);
  const base = `http://127.0.0.1:${port}`;
  if (await healthy(base)) throw new Error(`${base} already answers: stop that server or pass --base ${base} to use it`);
  const child: ChildProcess = spawn(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ...env, NEXTAUTH_URL: base, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  process.once("exit", () => child.exitCode === null && child.kill("SIGKILL"));
  const deadline = Date.now() + 60_000;
  while (!(await healthy(base))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not come up on ${base}:\n${output.join("").slice(-3000)}`);
    }
    await sleep(250);
  }
  log(`portal: next start on ${base} (pid ${child.pid}), database ${new URL(env.DATABASE_URL!).pathname.slice(1)}, keyspace ${env.CASSANDRA_KEYSPACE}, index prefix ${env.ELASTICSEARCH_INDEX_PREFIX}`);
  return { base, pid: child.pid!, stop };
}

async function healthy(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

/** `name=value` pairs of Set-Cookie headers, merged into a Cookie header value. */
function mergeCookies(cookie: string, setCookie: string | string[] | undefined): string {
  const jar = new Map(cookie.split("; ").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair] as const));
  for (const header of [setCookie ?? []].flat()) {
    const pair = header.split(";")[0]!;
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()].join("; ");
}

/**
 * A browser's sign-in through next-auth (what `signIn("credentials")` sends): GET /api/auth/csrf for the CSRF token and
 * cookie, then POST /api/auth/callback/credentials. Resolves to the session's Cookie header; throws when refused.
 * `ip` goes out as X-Forwarded-For (the portal's proxy header), so the per-IP limiter sees distinct clients.
 */
export async function signInOverHttp(http: Pool, username: string, password: string, ip: string): Promise<string> {
  const headers = { "x-forwarded-for": ip };
  const csrf = await http.request({ method: "GET", path: "/api/auth/csrf", headers });
  const { csrfToken } = (await csrf.body.json()) as { csrfToken: string };
  let cookie = mergeCookies("", csrf.headers["set-cookie"]);
  const form = new URLSearchParams({ csrfToken, username, password, callbackUrl: "/", json: "true" });
  const answer = await http.request({
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const text = await answer.body.text();
  cookie = mergeCookies(cookie, answer.headers["set-cookie"]);
  if (!/next-auth\.session-token=/.test(cookie)) throw new Error(`sign-in of ${username} refused (${answer.statusCode}): ${text.slice(0, 200)}`);
  return cookie;
}
