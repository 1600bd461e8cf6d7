/**
 * Child processes and progress lines for the backup tools. Long steps print a line at most every few seconds (logs
 * of a CI run stay readable), never a fixed sleep: every wait polls a real condition.
 */
import { spawn, type SpawnOptions } from "node:child_process";

export type Log = (line: string) => void;

export function stepLogger(prefix: string): Log & { elapsed: () => number } {
  const started = performance.now();
  const log = ((line: string) => console.log(`[${prefix} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`)) as Log & {
    elapsed: () => number;
  };
  log.elapsed = () => performance.now() - started;
  return log;
}

/** Calls `report` at most every `everyMs` (and always for the last call with `force`). */
export function throttle(everyMs: number, report: (line: string) => void): (line: string, force?: boolean) => void {
  let last = 0;
  return (line, force = false) => {
    const now = performance.now();
    if (force || now - last >= everyMs) {
      last = now;
      report(line);
    }
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions extends SpawnOptions {
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Called with each line (split on \n or \r) of stdout and stderr as they come. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Reject when the exit code is not 0 (default true). */
  check?: boolean;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    const tail = (result.stderr || result.stdout).trim().split("\n").slice(-15).join("\n");
    super(`${command} exited with ${result.code}${tail ? `:\n${tail}` : ""}`);
  }
}

export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const { input, onLine, check = true, ...spawnOptions } = options;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...spawnOptions });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const splitter = (stream: "stdout" | "stderr") => {
      let pending = "";
      return (chunk: Buffer) => {
        (stream === "stdout" ? out : err).push(chunk);
        if (!onLine) return;
        pending += chunk.toString("utf8");
        const parts = pending.split(/\r|\n/);
        pending = parts.pop() ?? "";
        for (const part of parts) if (part.trim()) onLine(part, stream);
      };
    };
    child.stdout?.on("data", splitter("stdout"));
    child.stderr?.on("data", splitter("stderr"));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
      if (check && result.code !== 0) reject(new CommandError([command, ...args].join(" "), result));
      else resolvePromise(result);
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** Runs a command as the PostgreSQL cluster's owner (PostgreSQL refuses to run as root). */
export function runAs(user: string | null, command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  if (user && process.getuid?.() === 0 && user !== "root") return run("runuser", ["-u", user, "--", command, ...args], options);
  return run(command, args, options);
}

/**
 * Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. An error thrown by the probe
 * ends the wait at once (a broken query must not look like a slow build), unless `retryErrors` is set.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; retryErrors?: boolean },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (!options.retryErrors) throw error;
      lastError = error;
    }
    if (performance.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}${reason}`);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, options.intervalMs ?? 500));
  }
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatSeconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
