-- 0006: the seed's grants and row-level security.
-- Roles were created in 0001 together with default privileges for tables
-- created later; the explicit grants below cover everything created so far and
-- are idempotent (every test database replays them).

GRANT USAGE ON SCHEMA game_data, spatial_data TO game_app_read, game_app_write, game_admin, analytics_read;

GRANT SELECT ON ALL TABLES IN SCHEMA game_data TO game_app_read;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA game_data TO game_app_write;
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA game_data TO game_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA game_data TO analytics_read;

-- BIGSERIAL inserts need nextval(); the seed forgot sequences.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA game_data TO game_app_write;
GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA game_data TO game_admin;

-- The audit log is written only by the SECURITY DEFINER audit trigger; the
-- application role may read it but must not forge or rewrite it. Archive tables
-- are written only by archive_old_data().
REVOKE INSERT, UPDATE ON game_data.audit_log FROM game_app_write;
REVOKE INSERT, UPDATE ON
    game_data.archived_characters,
    game_data.archived_character_data,
    game_data.archived_transactions,
    game_data.archived_marketplace_listings,
    game_data.archived_game_events
FROM game_app_write;

-- Maintenance functions run as their owner; only admins (and the scheduler,
-- connecting as the owner or as game_admin) may call them.
REVOKE EXECUTE ON FUNCTION game_data.ensure_game_events_partitions(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION game_data.archive_old_data() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION game_data.archive_move(regclass, regclass, text, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION game_data.ensure_game_events_partitions(integer, integer) TO game_admin;
GRANT EXECUTE ON FUNCTION game_data.archive_old_data() TO game_admin;

-- ------------------------------------------------------------ row-level security
ALTER TABLE game_data.players ENABLE ROW LEVEL SECURITY;

-- The seed's policy, made safe: current_setting() without missing_ok raises when
-- the setting was never set, and ''::bigint raises on a pooled connection after
-- a SET LOCAL. Missing or empty now means "no rows", never an error. The same
-- expression is the WITH CHECK for INSERT/UPDATE, so game_app_write can only
-- create/modify the row of the player it acts for.
CREATE POLICY player_isolation ON game_data.players
    FOR ALL
    TO game_app_write
    USING (player_id = NULLIF(current_setting('app.current_player_id', TRUE), '')::bigint);

-- With RLS enabled and no policy, the other roles the seed grants SELECT to
-- would silently see zero players. Their grants show the intent: they read all
-- rows (login look-ups by username, staff tools, analytics); game_admin keeps
-- full access.
CREATE POLICY player_read_all ON game_data.players
    FOR SELECT
    TO game_app_read, analytics_read
    USING (TRUE);

CREATE POLICY player_admin_all ON game_data.players
    FOR ALL
    TO game_admin
    USING (TRUE)
    WITH CHECK (TRUE);
