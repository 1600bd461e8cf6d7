import { loadEnv } from "@/scripts/lib/env";

loadEnv();
// Integration tests talk to their own database, Redis db, keyspace and indices, never the demo's.
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
process.env.REDIS_URL = process.env.TEST_REDIS_URL;
process.env.CASSANDRA_KEYSPACE = process.env.TEST_CASSANDRA_KEYSPACE;
process.env.ELASTICSEARCH_INDEX_PREFIX = process.env.TEST_ELASTICSEARCH_INDEX_PREFIX;
// Market, guild and staff searches read PostgreSQL here (no outbox worker runs); tests/integration/search*.test.ts opt back in.
process.env.SEARCH_READS ??= "postgres";
