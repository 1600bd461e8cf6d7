-- 0050: staff area (issue 9): reversal bookkeeping on transactions, and indexes for the audit-log browser
-- and the player look-up. No new tables. See docs/staff.md and docs/seed-deviations.md ("Staff (issue 9)").
-- IF NOT EXISTS: the runner wraps the file in a transaction, so CONCURRENTLY is impossible here; on a large live
-- database build the indexes by hand with CREATE INDEX CONCURRENTLY under the same names first, and this file
-- then only records itself.

-- ------------------------------------------------------------ reversals
-- A staff reversal is a new, compensating transactions row whose metadata says {"reverses": "<original id>"}
-- (the original gets {"reversed_by": <id>}). The seed's valid_status has no 'reversed', so the link lives in
-- metadata; this index makes a second reversal of the same original impossible, even when two staff members
-- press the button at the same moment (the loser's INSERT fails on it and its transaction rolls back).
CREATE UNIQUE INDEX IF NOT EXISTS unique_transaction_reversal
    ON game_data.transactions ((metadata ->> 'reverses'))
    WHERE metadata ? 'reverses';

-- ------------------------------------------------------------ audit-log browser
-- Keyset pagination over the whole log, newest first: (change_timestamp, audit_id) is the cursor.
CREATE INDEX IF NOT EXISTS idx_audit_log_time_id ON game_data.audit_log (change_timestamp DESC, audit_id DESC);

-- "Text inside the changed data": a trigram index on the JSON text makes ILIKE '%…%' an index search
-- instead of a scan of millions of rows. pg_trgm was created by 0040; IF NOT EXISTS keeps this file standalone.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS idx_audit_log_changed_trgm ON game_data.audit_log USING GIN ((changed_data::text) gin_trgm_ops);

-- A player's page shows the changes made to that player's own rows (account, bans, staff role, characters).
-- Those rows carry player_id in their JSON; the partial expression index finds them without scanning the log.
CREATE INDEX IF NOT EXISTS idx_audit_log_subject_player
    ON game_data.audit_log ((changed_data ->> 'player_id'), change_timestamp DESC)
    WHERE table_name IN ('players', 'player_bans', 'staff_roles', 'characters');

-- ------------------------------------------------------------ player look-up
-- Staff search players by part of a username, an email or a character name (case-insensitive).
-- Elasticsearch will take this over (issue 8); until then trigram indexes keep it fast.
CREATE INDEX IF NOT EXISTS idx_players_username_trgm ON game_data.players USING GIN (lower(username) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_players_email_trgm ON game_data.players USING GIN (lower(email) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_characters_name_trgm ON game_data.characters USING GIN (lower(name) gin_trgm_ops);
