import "server-only";
import { Client } from "@elastic/elasticsearch";
import { appConfig } from "@/server/config";

export type ElasticsearchClient = Client;

export function createElasticsearch(nodes: string[]): Client {
  return new Client({ nodes, requestTimeout: 5_000, maxRetries: 1, sniffOnStart: false });
}

const globalForElasticsearch = globalThis as unknown as { bluemarbleElasticsearch?: Client };

export function elasticsearch(): Client {
  globalForElasticsearch.bluemarbleElasticsearch ??= createElasticsearch(appConfig().ELASTICSEARCH_URL);
  return globalForElasticsearch.bluemarbleElasticsearch;
}
