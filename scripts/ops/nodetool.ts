/**
 * nodetool without a Cassandra distribution: Cassandra's own tool classes from the jars engines/cassandra resolves
 * (`scripts/engines/cassandra.sh resolve`), driven through scripts/ops/java/.../NodetoolBatch.java, which runs several
 * commands in one JVM (a JVM start with Cassandra's classes costs 5–20 s on a busy 2-core machine). Each command
 * carries its own -h/-p, so one batch can address every node of a ring over JMX.
 */
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { exists } from "./files";
import { run, type Log } from "./exec";
import type { HostPort, OpsConfig } from "./config";

export interface NodetoolResult {
  args: string[];
  code: number;
  output: string;
}

const source = "scripts/ops/java/org/apache/cassandra/tools/NodetoolBatch.java";

/** Compiles NodetoolBatch once (again only when its source is newer than the class). */
async function ensureCompiled(config: OpsConfig, log: Log): Promise<string> {
  const { cassandra, root } = config;
  if (!(await exists(join(cassandra.libDir, ".resolved")))) {
    log("resolving Cassandra's jars for nodetool (scripts/engines/cassandra.sh resolve)");
    await run("bash", [join(root, "scripts/engines/cassandra.sh"), "resolve"], { onLine: (line) => log(line) });
  }
  const classes = join(root, "engines/cassandra/target/ops-classes");
  const compiled = join(classes, "org/apache/cassandra/tools/NodetoolBatch.class");
  const sourcePath = join(root, source);
  if (!(await exists(compiled)) || (await stat(compiled)).mtimeMs < (await stat(sourcePath)).mtimeMs) {
    await mkdir(classes, { recursive: true });
    await run(join(cassandra.javaHome, "bin/javac"), ["-nowarn", "-d", classes, "-cp", `${cassandra.libDir}/*`, sourcePath]);
  }
  return classes;
}

/** JVM flags Cassandra's classes need on Java 17: the `--add-exports/--add-opens` list of jvm17-server.options. */
function jvmFlags(root: string): string[] {
  return readFileSync(join(root, "engines/cassandra/jvm17-server.options"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("--add-"))
    .flatMap((line) => line.split(/\s+/));
}

export const jmxArgs = (endpoint: HostPort) => ["-h", endpoint.host, "-p", String(endpoint.port)];

/** Runs the commands in order in one JVM; a failing command does not stop the ones after it. */
export async function nodetool(config: OpsConfig, commands: string[][], log: Log): Promise<NodetoolResult[]> {
  const classes = await ensureCompiled(config, log);
  const logDir = join(config.root, ".data/logs");
  await mkdir(logDir, { recursive: true });
  const result = await run(
    join(config.cassandra.javaHome, "bin/java"),
    [
      "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      ...jvmFlags(config.root),
      `-Dcassandra.logdir=${logDir}`,
      `-Dlogback.configurationFile=file://${join(config.root, "engines/cassandra/logback.xml")}`,
      "-cp", `${classes}:${config.cassandra.libDir}/*`,
      "org.apache.cassandra.tools.NodetoolBatch",
    ],
    { input: `${commands.map((args) => args.join("\t")).join("\n")}\n`, check: false },
  );
  const results: NodetoolResult[] = [];
  const pattern = /@@nodetool-begin (\d+)\n([\s\S]*?)\n@@nodetool-end \1 (-?\d+)/g;
  for (const match of result.stdout.matchAll(pattern)) {
    const index = Number(match[1]);
    results[index] = { args: commands[index]!, code: Number(match[3]), output: match[2]!.trim() };
  }
  if (results.length !== commands.length) {
    throw new Error(`nodetool batch ended early (exit ${result.code}):\n${(result.stderr || result.stdout).trim().split("\n").slice(-20).join("\n")}`);
  }
  return results;
}

/** Like nodetool(), but any failing command is an error naming it. */
export async function nodetoolChecked(config: OpsConfig, commands: string[][], log: Log): Promise<NodetoolResult[]> {
  const results = await nodetool(config, commands, log);
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length > 0) {
    throw new Error(failed.map((r) => `nodetool ${r.args.join(" ")} exited with ${r.code}:\n${r.output.split("\n").slice(-10).join("\n")}`).join("\n"));
  }
  return results;
}

/** `nodetool info` → the node's host id. */
export function hostIdOf(infoOutput: string): string | null {
  return /^ID\s*:\s*([0-9a-f-]{36})/m.exec(infoOutput)?.[1] ?? null;
}

/** `nodetool datapaths -- ks` → table name → its data folders. */
export function parseDataPaths(output: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let table: string | null = null;
  let inPaths = false;
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    const tableMatch = /^Table: (\S+)$/.exec(line);
    if (tableMatch) {
      table = tableMatch[1]!;
      tables.set(table, []);
      inPaths = false;
    } else if (line === "Paths:") {
      inPaths = true;
    } else if (inPaths && table && line.startsWith("/")) {
      tables.get(table)!.push(line);
    } else if (line === "") {
      inPaths = false;
    }
  }
  return tables;
}
