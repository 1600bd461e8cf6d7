-- 0001: schemas, extensions, cluster roles, default privileges.
-- Runs inside the transaction opened by scripts/db/migrate.ts: no BEGIN/COMMIT here.

CREATE SCHEMA IF NOT EXISTS game_data;
-- spatial_data is reserved by the seed for relational spatial helpers; the octree
-- itself lives in Cassandra, so the schema stays empty for now.
CREATE SCHEMA IF NOT EXISTS spatial_data;

-- pgcrypto: the seed asks for it (crypt()/digest() helpers). gen_random_uuid() is
-- built into PostgreSQL 13+, so nothing in our schema depends on uuid-ossp.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- cube: needed by the GiST index idx_character_positions_spatial.
CREATE EXTENSION IF NOT EXISTS cube;
-- uuid-ossp is requested by the seed but optional: install it only where the
-- server ships it (postgresql-contrib), never fail the migration for it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'uuid-ossp') THEN
        CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
    END IF;
END
$$;

-- Roles are cluster-wide while migrations run once per database (every test
-- database replays them), so creation must be idempotent and tolerate a
-- concurrent migration creating the same role a moment earlier.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['game_app_read', 'game_app_write', 'game_admin', 'analytics_read'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created by a parallel migration run
            END;
        END IF;
    END LOOP;
END
$$;

-- The seed's GRANT ... ON ALL TABLES only covers tables existing at that moment.
-- Default privileges make every table/sequence created later by the migration
-- role (including those of later migrations) carry the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT SELECT ON TABLES TO game_app_read;
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT SELECT, INSERT, UPDATE ON TABLES TO game_app_write;
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT ALL PRIVILEGES ON TABLES TO game_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT SELECT ON TABLES TO analytics_read;
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT USAGE, SELECT ON SEQUENCES TO game_app_write;
ALTER DEFAULT PRIVILEGES IN SCHEMA game_data GRANT ALL PRIVILEGES ON SEQUENCES TO game_admin;

GRANT USAGE ON SCHEMA game_data, spatial_data TO game_app_read, game_app_write, game_admin, analytics_read;
