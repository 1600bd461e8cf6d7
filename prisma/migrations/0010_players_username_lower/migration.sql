-- 0010 (player portal): registration refuses a username that differs from an existing one only in case
-- ("Alice" vs "alice"), which needs a case-insensitive look-up. Not unique: data loaded before this rule
-- may already hold such pairs; players_username_key still enforces exact uniqueness.
CREATE INDEX idx_players_username_lower ON game_data.players (lower(username));
