import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchedSearchError, createElasticsearch, searchBatcher } from "@/server/clients/elasticsearch";
import { unique } from "@/tests/helpers/engines";

/**
 * The search batcher against the real node: searches issued in one event-loop turn travel as one _msearch and each gets
 * its own answer or its own error. A throwaway index of three documents, so nothing else's data matters.
 */
const es = createElasticsearch(process.env.ELASTICSEARCH_URL!.split(","));
// Under the test prefix, so whatever cleans the test indices cleans this one too.
const index = `${process.env.TEST_ELASTICSEARCH_INDEX_PREFIX}_${unique("batcher")}`.toLowerCase();
const paths: string[] = [];
es.diagnostic.on("request", (_error, event) => {
  if (event) paths.push(event.meta.request.params.path);
});

const byName = (name: string) => ({ query: { term: { name } }, _source: ["name"] });
const names = (response: { hits: { hits: { _source?: unknown }[] } }) => response.hits.hits.map((hit) => (hit._source as { name: string }).name);

beforeAll(async () => {
  await es.indices.create({ index, mappings: { properties: { name: { type: "keyword" } } } });
  await es.bulk({ refresh: true, operations: ["amber", "basalt", "cobalt"].flatMap((name) => [{ index: { _index: index } }, { name }]) });
});

afterAll(async () => {
  await es.indices.delete({ index, ignore_unavailable: true });
  await es.close();
});

describe("searchBatcher", () => {
  it("sends the searches of one turn as one _msearch and answers each with its own hits", async () => {
    paths.length = 0;
    const batcher = searchBatcher(es);
    const [amber, basalt, none] = await Promise.all([
      batcher.search(index, byName("amber"), 2_000),
      batcher.search(index, byName("basalt"), 2_000),
      batcher.search(index, byName("dolomite"), 2_000),
    ]);
    expect(names(amber)).toEqual(["amber"]);
    expect(names(basalt)).toEqual(["basalt"]);
    expect(names(none)).toEqual([]);
    expect(paths).toEqual(["/_msearch"]);
  });

  it("sends a search alone as a plain _search", async () => {
    paths.length = 0;
    const cobalt = await searchBatcher(es).search(index, byName("cobalt"), 2_000);
    expect(names(cobalt)).toEqual(["cobalt"]);
    expect(paths).toEqual([`/${index}/_search`]);
  });

  it("rejects only the search that failed inside a batch, with the node's status and reason", async () => {
    const batcher = searchBatcher(es);
    const [missing, amber] = await Promise.allSettled([
      batcher.search(`${index}_missing`, byName("amber"), 2_000),
      batcher.search(index, byName("amber"), 2_000),
    ]);
    expect(missing.status).toBe("rejected");
    const error = (missing as PromiseRejectedResult).reason as BatchedSearchError;
    expect(error).toBeInstanceOf(BatchedSearchError);
    expect(error.status).toBe(404);
    expect(error.message).toContain("index_not_found_exception");
    expect(amber.status).toBe("fulfilled");
    expect(names((amber as PromiseFulfilledResult<Awaited<ReturnType<typeof es.search>>>).value)).toEqual(["amber"]);
  });

  it("rejects every search of a batch the node never answered", async () => {
    const unreachable = createElasticsearch(["http://127.0.0.1:9299"]);
    const batcher = searchBatcher(unreachable);
    const results = await Promise.allSettled([batcher.search(index, byName("amber"), 500), batcher.search(index, byName("basalt"), 500)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    await unreachable.close();
  });
});
