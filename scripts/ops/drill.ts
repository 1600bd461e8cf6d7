/**
 * `npm run backup:drill [-- --keep]`: the restore drill (scripts/ops/drill-run.ts). Needs a backup (`npm run backup`).
 * Prints the checks, the measured RPO and RTO; exits 1 when anything does not match. `--keep` leaves the restored
 * PostgreSQL instance (DRILL_PG_PORT) and world keyspace running for a look. docs/operations.md.
 */
import { parseArgs } from "node:util";
import { opsConfig } from "./config";
import { drillSettings, printReport, runDrill } from "./drill-run";

const { values } = parseArgs({ options: { keep: { type: "boolean", default: false } } });
const config = opsConfig();
const settings = { ...drillSettings(config), keep: values.keep };
const report = await runDrill(config, settings);
printReport(report);
process.exitCode = report.ok ? 0 : 1;
