import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";

/** The two JVM engines are real servers started by scripts/engines/*.sh; these round trips prove the clients reach them. */
describe("Cassandra and Elasticsearch, for real", () => {
  const engines = createTestEngines();
  afterAll(() => engines.close());

  it("writes and reads a row through cassandra-driver", async () => {
    const keyspace = "engines_smoke_test";
    await engines.cassandra.execute(
      `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await engines.cassandra.execute(`CREATE TABLE IF NOT EXISTS ${keyspace}.probe (id text PRIMARY KEY, payload blob, written_at timestamp)`);
    const id = unique("probe");
    const payload = Buffer.from([1, 2, 3, 250]);
    await engines.cassandra.execute(`INSERT INTO ${keyspace}.probe (id, payload, written_at) VALUES (?, ?, toTimestamp(now()))`, [id, payload], { prepare: true });
    const result = await engines.cassandra.execute(`SELECT id, payload, written_at FROM ${keyspace}.probe WHERE id = ?`, [id], { prepare: true });
    expect(result.rowLength).toBe(1);
    expect(Buffer.compare(result.first().get("payload") as Buffer, payload)).toBe(0);
    expect(result.first().get("written_at")).toBeInstanceOf(Date);
  });

  it("indexes a document and finds it by full-text search through the Elasticsearch client", async () => {
    const index = `${engines.searchPrefix}_engines_smoke`;
    const marker = unique("glimmer");
    // Created with no replica: an index auto-created by the first write gets one, which a single node can never place,
    // and the cluster stayed yellow after every test run.
    if (!(await engines.elasticsearch.indices.exists({ index }))) {
      await engines.elasticsearch.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    }
    await engines.elasticsearch.index({ index, id: marker, document: { title: `The ${marker} sword of dawn` }, refresh: "wait_for" });
    const found = await engines.elasticsearch.search<{ title: string }>({ index, query: { match: { title: marker } } });
    expect(found.hits.hits.map((hit) => hit._id)).toEqual([marker]);
    expect(found.hits.hits[0]?._source?.title).toContain("sword of dawn");
    await engines.elasticsearch.delete({ index, id: marker, refresh: true });
  });
});
