/**
 * The restore drill, end to end against the configured engines:
 *   1. round A of known writes (market buy, guild deposit, world edit); note the time T; snapshot the drill world;
 *   2. round B of the same writes; wait until the WAL holding round B is archived (the measured RPO);
 *   3. restore PostgreSQL to T from the newest base backup + the WAL archive, and the world snapshot into a new keyspace
 *      (the measured RTO);
 *   4. check that exactly round A is in both copies, that the conservation check on the restored database passes and
 *      reports what the live one reported at T, and that the restored world answers region reads.
 * It writes into a database and a keyspace of its own (scripts/ops/drill-fixtures.ts), so its checks are exact while
 * others use the server. The report goes to `<BACKUP_DIR>/drills/<run>/drill.json`.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { serverOf, withDatabase, type OpsConfig } from "./config";
import { describeFiles } from "./files";
import { formatSeconds, stepLogger, waitFor, type Log } from "./exec";
import { latestWith, writeManifest, type Manifest } from "./manifest";
import { walFileName } from "./postgres-backup";
import { restorePostgres, stopRestored, type RestoredInstance } from "./postgres-restore";
import { backupCassandra, cqlClient } from "./cassandra-backup";
import { dropKeyspace, restoreWorld, type WorldRestore } from "./cassandra-restore";
import { withOpsLock } from "./backup-run";
import {
  checkConservation,
  createPostgresClients,
  drillEngines,
  dropCachedNodes,
  fromDecimal,
  migrateCql,
  readRegion,
  regionMaterials,
  type ConservationReport,
  type DrillEngines,
} from "./portal";
import { ensureCast, ensureDrillDatabase, ensureDrillWorld } from "./drill-fixtures";
import { drillRound, leafNodes, type RoundRecord } from "./drill-writes";
import { WORLD_ORIGIN } from "../world/layout";

export interface DrillSettings {
  databaseUrl: string;
  keyspace: string;
  redisUrl: string;
  port: number;
  keep: boolean;
}

export function drillSettings(config: OpsConfig, env: NodeJS.ProcessEnv = process.env): DrillSettings {
  const server = serverOf(config.databaseUrl);
  return {
    databaseUrl: env.DRILL_DATABASE_URL ?? withDatabase(config.databaseUrl, `${server.database}_drill`),
    keyspace: env.DRILL_CASSANDRA_KEYSPACE ?? `${config.cassandra.keyspace}_drill`,
    redisUrl: env.DRILL_REDIS_URL ?? "redis://127.0.0.1:6379/4",
    port: Number(env.DRILL_PG_PORT ?? 5499),
    keep: false,
  };
}

export interface DrillCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DrillReport {
  runId: string;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  backupId: string | null;
  target: string | null;
  rpo: { archiveTimeoutSeconds: number; measuredSeconds: number | null; bound: string };
  rto: { postgresMs: number | null; postgresPhases: RestoredInstance["phases"] | null; worldMs: number | null; totalMs: number | null };
  checks: DrillCheck[];
  error: string | null;
}

/** The parts of a conservation report that must be identical on the live database at T and on its restored copy. */
function comparable(report: ConservationReport) {
  return { ok: report.ok, baseline: report.baseline?.snapshotId ?? null, currencies: report.currencies, items: report.items, negativeBalances: report.negativeBalances };
}

function describeConservation(report: ConservationReport): string {
  const bad = report.currencies.filter((c) => !c.ok).map((c) => `${c.currencyType}: actual ${c.actual}, expected ${c.expected} (${c.actual - (c.expected ?? 0)})`);
  const items = report.items.filter((i) => !i.ok).map((i) => `item ${i.itemId}: actual ${i.actual}, expected ${i.expected}`);
  return report.ok ? "balances" : [...bad, ...items, ...report.negativeBalances.map((n) => `negative ${n.currencyType} on ${n.characterId}`)].join("; ");
}

export async function runDrill(config: OpsConfig, settings: DrillSettings, log: Log = stepLogger("drill")): Promise<DrillReport> {
  const runId = Date.now().toString(36);
  const report: DrillReport = {
    runId,
    ok: false,
    startedAt: new Date().toISOString(),
    finishedAt: "",
    backupId: null,
    target: null,
    rpo: { archiveTimeoutSeconds: 0, measuredSeconds: null, bound: "" },
    rto: { postgresMs: null, postgresPhases: null, worldMs: null, totalMs: null },
    checks: [],
    error: null,
  };
  const folder = join(config.backupDir, "drills", runId);
  const check = (name: string, ok: boolean, detail: string) => {
    report.checks.push({ name, ok, detail });
    log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  };
  let engines: DrillEngines | null = null;
  let restored: RestoredInstance | null = null;
  let world: WorldRestore | null = null;
  try {
    await withOpsLock(config.databaseUrl, "backup:drill", async () => {
      const base = await latestWith(config.backupDir, "postgres");
      if (!base) throw new Error(`No complete backup with PostgreSQL in ${config.backupDir}: run npm run backup first`);
      report.backupId = base.id;
      const archiveTimeout = base.manifest!.postgres!.walArchive.archiveTimeoutSeconds;
      log(`drill ${runId}: base backup ${base.id}, drill database ${new URL(settings.databaseUrl).pathname.slice(1)}, world ${settings.keyspace}`);

      // Setup (not part of the measured writes).
      await ensureDrillDatabase(settings.databaseUrl, log);
      const schemaClient = cqlClient(config);
      try {
        await migrateCql(schemaClient, settings.keyspace);
      } finally {
        await schemaClient.shutdown();
      }
      engines = engineSet(config, settings, settings.keyspace);
      await ensureDrillWorld(config, settings.keyspace, settings.databaseUrl, engines, log);
      const cast = await ensureCast(engines, log);
      const leaves = await leafNodes(engines.cassandra, settings.keyspace);
      if (leaves.length < 2) throw new Error(`The drill world ${settings.keyspace} has fewer than two solid leaf nodes`);
      const shuffled = leaves.sort(() => Math.random() - 0.5);
      const pool = engines.postgres.pool;

      // 1. Round A, the moment T, the world snapshot.
      const a = await drillRound(engines, cast, shuffled[0]!, runId, "A");
      const t = (await pool.query<{ t: string }>("SELECT clock_timestamp()::text AS t")).rows[0]!.t;
      report.target = t;
      log(`round A written (listing ${a.listingId}, purchase ${a.purchaseTransactionId}, guild entry ${a.guildEntryId}, node ${a.world.mortonCode}@${a.world.level}); T = ${t}`);
      const atT = await checkConservation(pool);
      log(`conservation on the live drill database at T: ${atT.ok ? "ok" : `NOT ok (${describeConservation(atT)})`}`);
      await mkdir(folder, { recursive: true });
      const snapshot = await backupCassandra({ config, keyspace: settings.keyspace, folder, tag: `drill-${runId}`, log: (line) => log(`world snapshot: ${line}`) });
      if (!("keyspace" in snapshot)) throw new Error(`The drill world could not be snapshotted: ${snapshot.skipped}`);
      const files = await describeFiles(folder, folder);
      const manifest: Manifest = {
        format: 1,
        id: `drill-${runId}`,
        status: "complete",
        parts: ["cassandra"],
        partial: true,
        startedAt: snapshot.takenAt,
        finishedAt: new Date().toISOString(),
        durationMs: snapshot.durationMs,
        host: "",
        cassandra: snapshot,
        errors: [],
        files,
        totalBytes: files.reduce((s, f) => s + f.bytes, 0),
      };
      await writeManifest(folder, manifest);

      // 2. Round B, then the wait until its WAL is archived: how long round B could have been lost.
      const b = await drillRound(engines, cast, shuffled[1]!, runId, "B");
      const committed = performance.now();
      const position = (await pool.query<{ lsn: string; tl: number }>("SELECT pg_current_wal_lsn()::text AS lsn, (SELECT timeline_id FROM pg_control_checkpoint()) AS tl")).rows[0]!;
      const segment = walFileName(position.tl, position.lsn);
      log(`round B written (listing ${b.listingId}, node ${b.world.mortonCode}@${b.world.level}); waiting for WAL segment ${segment} to be archived (archive_timeout ${archiveTimeout} s)`);
      await waitFor(
        `the archiving of ${segment}`,
        async () => {
          const { rows } = await pool.query<{ last: string | null }>("SELECT last_archived_wal AS last FROM pg_stat_archiver");
          const last = rows[0]!.last;
          return last && /^[0-9A-F]{24}$/.test(last.slice(0, 24)) && last.slice(0, 24) >= segment ? true : undefined;
        },
        { timeoutMs: (archiveTimeout + 120) * 1000, intervalMs: 200 },
      );
      report.rpo = {
        archiveTimeoutSeconds: archiveTimeout,
        measuredSeconds: Math.round((performance.now() - committed) / 100) / 10,
        bound: `at most archive_timeout (${archiveTimeout} s) plus the archiving of one segment`,
      };
      log(`RPO: round B reached the archive ${report.rpo.measuredSeconds} s after its commit`);

      // 3. Restores, timed.
      const t0 = performance.now();
      restored = await restorePostgres({ config, target: t, port: settings.port, log: (line) => log(`postgres: ${line}`) });
      report.rto.postgresMs = restored.durationMs;
      report.rto.postgresPhases = restored.phases;
      const restoredKeyspace = `${settings.keyspace}_r${runId}`.slice(0, 48);
      world = await restoreWorld({ config, source: folder, keyspace: restoredKeyspace, count: false, log: (line) => log(`world: ${line}`) });
      report.rto.worldMs = world.durationMs;
      report.rto.totalMs = Math.round(performance.now() - t0);

      // 4. Checks.
      await checkRestoredDatabase(settings, restored, a, b, atT, check);
      await checkRestoredWorld(config, settings, restoredKeyspace, a, b, check);
    });
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    log(`ERROR: ${report.error}`);
  } finally {
    if (!settings.keep) {
      const instance = restored as RestoredInstance | null;
      if (instance) await stopRestored(config, instance.port, log).catch((error: unknown) => log(`cleanup: ${String(error)}`));
      const restoredWorld = world as WorldRestore | null;
      if (restoredWorld) await dropKeyspace(config, restoredWorld.keyspace).catch((error: unknown) => log(`cleanup: ${String(error)}`));
      await rm(join(folder, "cassandra"), { recursive: true, force: true });
    } else {
      log(`kept: PostgreSQL on port ${settings.port}, keyspace ${(world as WorldRestore | null)?.keyspace ?? "-"}`);
    }
    if (engines) await (engines as DrillEngines).close();
  }
  report.ok = report.error === null && report.checks.length > 0 && report.checks.every((c) => c.ok);
  report.finishedAt = new Date().toISOString();
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "drill.json"), `${JSON.stringify(report, null, 2)}\n`);
  await pruneDrills(join(config.backupDir, "drills"), 20);
  return report;
}

async function checkRestoredDatabase(
  settings: DrillSettings,
  restored: RestoredInstance,
  a: RoundRecord,
  b: RoundRecord,
  atT: ConservationReport,
  check: (name: string, ok: boolean, detail: string) => void,
): Promise<void> {
  const database = new URL(settings.databaseUrl).pathname.slice(1);
  const clients = createPostgresClients(withDatabase(`postgresql://postgres@127.0.0.1:${restored.port}/postgres`, database, restored.port), 2);
  const pool = clients.pool as pg.Pool;
  try {
    const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0] ?? null;
    const listingA = await one("SELECT status FROM game_data.marketplace_listings WHERE listing_id = $1", [a.listingId]);
    const listingB = await one("SELECT status FROM game_data.marketplace_listings WHERE listing_id = $1", [b.listingId]);
    check("market buy of round A is there", listingA?.status === "sold", `listing ${a.listingId}: ${listingA ? listingA.status : "missing"}`);
    check("market listing of round B is not", listingB === null, `listing ${b.listingId}: ${listingB ? listingB.status : "absent"}`);
    const purchases = await pool.query<{ id: number }>("SELECT transaction_id AS id FROM game_data.transactions WHERE transaction_id = ANY($1)", [
      [a.purchaseTransactionId, a.saleTransactionId, b.purchaseTransactionId, b.saleTransactionId],
    ]);
    const ids = new Set(purchases.rows.map((r) => r.id));
    check(
      "purchase and sale rows: A's only",
      ids.has(a.purchaseTransactionId) && ids.has(a.saleTransactionId) && !ids.has(b.purchaseTransactionId) && !ids.has(b.saleTransactionId),
      `present: ${[...ids].join(", ") || "none"} (A ${a.purchaseTransactionId}/${a.saleTransactionId}, B ${b.purchaseTransactionId}/${b.saleTransactionId})`,
    );
    const entries = await pool.query<{ id: number }>("SELECT entry_id AS id FROM game_data.guild_bank_ledger WHERE entry_id = ANY($1)", [[a.guildEntryId, b.guildEntryId]]);
    const entryIds = entries.rows.map((r) => r.id);
    check("guild deposit: A's only", entryIds.length === 1 && entryIds[0] === a.guildEntryId, `entries present: ${entryIds.join(", ") || "none"} (A ${a.guildEntryId}, B ${b.guildEntryId})`);
    const grants = await pool.query<{ note: string }>("SELECT DISTINCT note FROM game_data.economy_ledger WHERE note = ANY($1)", [[a.note, b.note]]);
    check("ledger grants: A's only", grants.rows.length === 1 && grants.rows[0]!.note === a.note, grants.rows.map((r) => r.note).join(", ") || "none");
    const balances = await one(
      `SELECT (SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = 'gold') AS buyer,
              (SELECT amount FROM game_data.character_currencies WHERE character_id = $2 AND currency_type = 'gold') AS seller,
              (SELECT guild_bank_gold FROM game_data.guilds WHERE guild_id = $3) AS bank`,
      [...(await castIds(pool))],
    );
    const want = a.balances;
    check(
      "balances as after round A",
      Number(balances?.buyer) === want.buyerGold && Number(balances?.seller) === want.sellerGold && Number(balances?.bank) === want.bankGold,
      `buyer ${balances?.buyer}/${want.buyerGold}, seller ${balances?.seller}/${want.sellerGold}, bank ${balances?.bank}/${want.bankGold} (restored/expected)`,
    );
    const conservation = await checkConservation(clients.pool);
    const same = JSON.stringify(comparable(conservation)) === JSON.stringify(comparable(atT));
    check("conservation report equals the live one at T", same, same ? "identical" : `restored: ${describeConservation(conservation)}; at T: ${describeConservation(atT)}`);
    // A known way for the check to fail: gold deposited into guild banks leaves the balances it counts.
    const gold = conservation.currencies.find((c) => c.currencyType === "gold");
    const banks = Number((await one("SELECT COALESCE(sum(guild_bank_gold), 0) AS total FROM game_data.guilds", []))?.total ?? 0);
    const bankHint =
      gold && !gold.ok && gold.expected !== null && gold.expected - gold.actual === banks
        ? `; the missing ${banks} gold is exactly what the guild banks hold: checkConservation does not count guilds.guild_bank_gold`
        : "";
    check("conservation check passes on the restored database", conservation.ok, `${describeConservation(conservation)}${bankHint}`);
  } finally {
    await pool.end();
    await clients.prisma.$disconnect();
  }
}

async function castIds(pool: pg.Pool): Promise<[number, number, number]> {
  const { rows } = await pool.query<{ buyer: number; seller: number; guild: number }>(
    `SELECT (SELECT character_id FROM game_data.characters WHERE name = 'OpsDrillBuyer') AS buyer,
            (SELECT character_id FROM game_data.characters WHERE name = 'OpsDrillSeller') AS seller,
            (SELECT guild_id FROM game_data.guilds WHERE guild_name = 'Ops Drill Guild') AS guild`,
  );
  return [rows[0]!.buyer, rows[0]!.seller, rows[0]!.guild];
}

/** Clients for the drill: its database, its Redis db, and one world keyspace (the live drill world or a restored copy). */
function engineSet(config: OpsConfig, settings: DrillSettings, keyspace: string): DrillEngines {
  return drillEngines({
    databaseUrl: settings.databaseUrl,
    redisUrl: settings.redisUrl,
    cassandra: { contactPoints: config.cassandra.contactPoints, localDataCenter: config.cassandra.localDataCenter, keyspace },
    elasticsearchUrls: config.elasticsearch.urls,
    searchPrefix: `${config.elasticsearch.prefix}_drill`,
  });
}

async function checkRestoredWorld(
  config: OpsConfig,
  settings: DrillSettings,
  restoredKeyspace: string,
  a: RoundRecord,
  b: RoundRecord,
  check: (name: string, ok: boolean, detail: string) => void,
): Promise<void> {
  const client = cqlClient(config);
  try {
    const material = async (node: RoundRecord["world"]) => {
      const code = BigInt(node.mortonCode);
      const direct = await client.execute(`SELECT material_id FROM ${restoredKeyspace}.octree_nodes WHERE morton_code = ? AND level = ?`, [node.mortonCode, node.level], { prepare: true });
      const byRegion = await client.execute(
        `SELECT material_id FROM ${restoredKeyspace}.octree_nodes_by_region WHERE level = ? AND bucket = ? AND morton_code = ?`,
        [node.level, (code >> 15n).toString(), node.mortonCode],
        { prepare: true },
      );
      return { direct: direct.first()?.material_id as number | undefined, byRegion: byRegion.first()?.material_id as number | undefined };
    };
    const ma = await material(a.world);
    const mb = await material(b.world);
    check("world edit of round A is there", ma.direct === a.world.newMaterialId && ma.byRegion === a.world.newMaterialId, `node ${a.world.mortonCode}: ${ma.direct}/${ma.byRegion}, want ${a.world.newMaterialId}`);
    check("world edit of round B is not", mb.direct === b.world.oldMaterialId && mb.byRegion === b.world.oldMaterialId, `node ${b.world.mortonCode}: ${mb.direct}/${mb.byRegion}, want ${b.world.oldMaterialId}`);
    const deltas = async (sessionId: string) =>
      (await client.execute(`SELECT session_id FROM ${restoredKeyspace}.octree_deltas WHERE session_id = ?`, [sessionId], { prepare: true })).rowLength;
    const da = await deltas(a.world.sessionId);
    const db = await deltas(b.world.sessionId);
    check("world deltas: A's only", da === 1 && db === 0, `delta rows: A ${da}, B ${db}`);
  } finally {
    await client.shutdown();
  }

  // Region reads through the portal's own path, over the whole drill world, on the live and the restored keyspace.
  const box = { minX: WORLD_ORIGIN.x, minY: WORLD_ORIGIN.y, minZ: WORLD_ORIGIN.z, maxX: WORLD_ORIGIN.x + 15, maxY: WORLD_ORIGIN.y + 15, maxZ: WORLD_ORIGIN.z + 15 };
  const level = Math.max(a.world.level, b.world.level);
  const read = async (keyspace: string) => {
    const reader = engineSet(config, settings, keyspace);
    try {
      await dropCachedNodes(reader);
      return await readRegion(reader, { box, level, budget: 100_000 });
    } finally {
      await reader.close();
    }
  };
  const live = await read(settings.keyspace);
  const copy = await read(restoredKeyspace);
  const key = (node: RoundRecord["world"]) => {
    const { hi, lo } = fromDecimal(node.mortonCode);
    return `${hi}:${lo}:${node.level}`;
  };
  const copyMaterials = regionMaterials(copy);
  check(
    "restored world answers region reads",
    copy.count > 0 && copy.count === live.count && copyMaterials.get(key(a.world)) === a.world.newMaterialId && copyMaterials.get(key(b.world)) === b.world.oldMaterialId,
    `${copy.count} nodes at level ${level} in ${copy.elapsedMs} ms (live drill world: ${live.count}); node A ${copyMaterials.get(key(a.world))}, node B ${copyMaterials.get(key(b.world))}`,
  );
}

async function pruneDrills(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort((x, y) => Number.parseInt(y, 36) - Number.parseInt(x, 36));
  for (const name of names.slice(keep)) await rm(join(dir, name), { recursive: true, force: true });
}

export function printReport(report: DrillReport): void {
  const lines = [
    "",
    `backup drill ${report.runId}: ${report.ok ? "PASSED" : "FAILED"}${report.error ? ` (${report.error})` : ""}`,
    `  base backup ${report.backupId ?? "-"}, restored to T = ${report.target ?? "-"}`,
    `  RPO: ${report.rpo.measuredSeconds ?? "-"} s measured for the drill's last write; ${report.rpo.bound || "-"}`,
    `  RTO: PostgreSQL ${report.rto.postgresMs === null ? "-" : formatSeconds(report.rto.postgresMs)}` +
      (report.rto.postgresPhases
        ? ` (checksums ${formatSeconds(report.rto.postgresPhases.verifyMs)}, extract ${formatSeconds(report.rto.postgresPhases.extractMs)}, replay + promotion ${formatSeconds(report.rto.postgresPhases.recoveryMs)})`
        : "") +
      `, world ${report.rto.worldMs === null ? "-" : formatSeconds(report.rto.worldMs)}, total ${report.rto.totalMs === null ? "-" : formatSeconds(report.rto.totalMs)}`,
    ...report.checks.map((c) => `  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`),
  ];
  console.log(lines.join("\n"));
}
