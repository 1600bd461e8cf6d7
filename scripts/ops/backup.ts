/**
 * `npm run backup [-- --only postgres,cassandra,elasticsearch,redis] [-- --keep N]`
 * Backs up PostgreSQL (base backup + WAL archive), the Cassandra world keyspace, the Elasticsearch indices and the
 * Redis keys nothing else can rebuild, into one folder under BACKUP_DIR with a manifest; prunes to BACKUP_KEEP.
 * Exits 1 when any part failed (the folder is kept for inspection and pruned by a later backup). docs/operations.md.
 */
import { parseArgs } from "node:util";
import { opsConfig } from "./config";
import { engineParts, runBackup, type EnginePart } from "./backup-run";

const { values } = parseArgs({ options: { only: { type: "string" }, keep: { type: "string" } } });
const only = values.only?.split(",").map((part) => part.trim()) as EnginePart[] | undefined;
const unknown = only?.filter((part) => !engineParts.includes(part));
if (unknown?.length) {
  console.error(`--only takes ${engineParts.join(", ")} (not ${unknown.join(", ")})`);
  process.exit(2);
}
const config = opsConfig();
if (values.keep !== undefined) config.keep = Number(values.keep);

try {
  const { manifest } = await runBackup({ config, only });
  process.exitCode = manifest.status === "complete" ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
