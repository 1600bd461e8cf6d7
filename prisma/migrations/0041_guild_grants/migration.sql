-- 0041: explicit grants for the guild tables of 0040.
-- The default privileges of 0001 already grant these; spelled out so the tables' rights do not depend on which
-- role ran the migrations (idempotent). 0040 revoked UPDATE on the two append-only tables; this keeps it that way.
GRANT SELECT ON game_data.guild_join_requests, game_data.guild_bank_ledger, game_data.guild_activity
    TO game_app_read, analytics_read;
GRANT SELECT, INSERT, UPDATE ON game_data.guild_join_requests TO game_app_write;
GRANT SELECT, INSERT ON game_data.guild_bank_ledger, game_data.guild_activity TO game_app_write;
GRANT ALL PRIVILEGES ON game_data.guild_join_requests, game_data.guild_bank_ledger, game_data.guild_activity TO game_admin;
GRANT USAGE, SELECT ON SEQUENCE game_data.guild_join_requests_request_id_seq, game_data.guild_bank_ledger_entry_id_seq,
    game_data.guild_activity_activity_id_seq TO game_app_write;
