-- 0052: staff player look-up (issue 9). Exact, case-insensitive matches on an email or a character name went through
-- the trigram indexes of 0050 (about 15 ms at 200,000 players); plain expression indexes answer them in well under 1 ms.
-- (Usernames already have idx_players_username_lower from 0010.)
CREATE INDEX IF NOT EXISTS idx_players_email_lower ON game_data.players (lower(email));
CREATE INDEX IF NOT EXISTS idx_characters_name_lower ON game_data.characters (lower(name)) WHERE deleted_at IS NULL;
