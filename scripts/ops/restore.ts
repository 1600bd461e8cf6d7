/**
 * `npm run restore -- --to "<time>" --port <p> [--backup <id>]`  PostgreSQL as it was at <time>, on its own port
 * `npm run restore -- --world <backup|latest|folder> --keyspace <ks> [--replace]`  a world snapshot into another keyspace
 * `npm run restore -- --redis <backup|latest> [--url redis://…]`  the saved Redis keys (sessions, rate-limit windows)
 * `npm run restore -- --search <backup|latest> --prefix <p>`  the search snapshot under another index prefix
 * `npm run restore -- --list`                       restored PostgreSQL instances
 * `npm run restore -- --stop --port <p>`            stop one and delete its data folder
 * docs/operations.md.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { opsConfig } from "./config";
import { stepLogger } from "./exec";
import { listRestored, restorePostgres, stopRestored } from "./postgres-restore";
import { restoreWorld } from "./cassandra-restore";
import { restoreRedis } from "./redis-restore";
import { restoreElasticsearch } from "./elasticsearch-backup";
import { latestWith, readManifest } from "./manifest";

const { values } = parseArgs({
  options: {
    to: { type: "string" },
    port: { type: "string" },
    backup: { type: "string" },
    world: { type: "string" },
    keyspace: { type: "string" },
    replace: { type: "boolean", default: false },
    redis: { type: "string" },
    search: { type: "string" },
    prefix: { type: "string" },
    url: { type: "string" },
    list: { type: "boolean", default: false },
    stop: { type: "boolean", default: false },
  },
});

const usage = `usage:
  npm run restore -- --to "2026-12-02 16:05:00+00" --port 5440 [--backup <id>]
  npm run restore -- --world <backup id|latest|folder> --keyspace <keyspace> [--replace]
  npm run restore -- --redis <backup id|latest> [--url redis://127.0.0.1:6379/0]
  npm run restore -- --search <backup id|latest> --prefix <new index prefix>
  npm run restore -- --list
  npm run restore -- --stop --port 5440`;

function port(): number {
  const value = Number(values.port);
  if (!Number.isInteger(value) || value < 1024 || value > 65535) {
    console.error(`--port must be a free TCP port between 1024 and 65535\n${usage}`);
    process.exit(2);
  }
  return value;
}

const config = opsConfig();
try {
  if (values.list) {
    const instances = await listRestored(config);
    if (instances.length === 0) console.log(`no restored instances under ${config.restoreRoot}`);
    for (const i of instances) console.log(`port ${i.port}: ${i.running ? "running" : "stopped"}, backup ${String(i.info.backupId ?? "?")} to ${String(i.info.target ?? "?")}`);
  } else if (values.stop) {
    await stopRestored(config, port(), stepLogger("restore"));
  } else if (values.to !== undefined) {
    await restorePostgres({ config, target: values.to, port: port(), backupId: values.backup, log: stepLogger("restore") });
  } else if (values.world !== undefined) {
    if (!values.keyspace) throw new Error(`--world needs --keyspace <new keyspace>\n${usage}`);
    await restoreWorld({ config, source: values.world, keyspace: values.keyspace, replace: values.replace, log: stepLogger("restore") });
  } else if (values.redis !== undefined) {
    await restoreRedis({ config, source: values.redis, url: values.url ?? config.redisUrl, log: stepLogger("restore") });
  } else if (values.search !== undefined) {
    if (!values.prefix) throw new Error(`--search needs --prefix <new index prefix>\n${usage}`);
    const backup = values.search === "latest" ? await latestWith(config.backupDir, "elasticsearch") : { folder: join(config.backupDir, values.search) };
    const manifest = backup ? await readManifest(backup.folder) : null;
    if (!backup || !manifest?.elasticsearch) throw new Error(`No backup with a search snapshot: ${values.search}`);
    await restoreElasticsearch({ urls: config.elasticsearch.urls, folder: backup.folder, part: manifest.elasticsearch, prefix: values.prefix, log: stepLogger("restore") });
  } else {
    console.error(usage);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
