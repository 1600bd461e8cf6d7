-- 0040: guilds (issue 7): join requests (applications and invitations), the guild bank ledger,
-- the guild activity feed, and the rules the seed states in prose but not in SQL.
-- Runs inside the runner's transaction. Grants for the new tables come from the default
-- privileges of 0001; the departures from the seed's grants are explicit at the end.
-- See docs/guilds.md and docs/seed-deviations.md ("Guilds (issue 7)").

-- ------------------------------------------------------------ rules on the seed's guild tables
-- The bank can never go negative, whatever code writes it.
ALTER TABLE game_data.guilds
    ADD CONSTRAINT non_negative_guild_bank CHECK (guild_bank_gold >= 0);
-- The seed has no format for names; blank or padded names would make the unique rule meaningless.
ALTER TABLE game_data.guilds
    ADD CONSTRAINT guild_name_format CHECK (guild_name = btrim(guild_name) AND char_length(guild_name) BETWEEN 3 AND 100);
-- "Dragons" and "dragons" are the same guild to a player; guilds_guild_name_key is case-sensitive.
CREATE UNIQUE INDEX unique_guild_name_ci ON game_data.guilds (lower(guild_name));

-- Directory search in PostgreSQL (until Elasticsearch takes over, and as its fallback): "name or tag contains the
-- query" is one trigram-indexed expression; queries must use exactly lower(guild_name || ' ' || guild_tag).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX idx_guilds_search_trgm ON game_data.guilds USING GIN (lower(guild_name || ' ' || guild_tag) gin_trgm_ops);
CREATE INDEX idx_guilds_leaderboard ON game_data.guilds (level DESC, experience_points DESC, guild_id);

-- ------------------------------------------------------------ applications and invitations
-- One row per request to join. An application is created by the applicant, an invitation by a
-- member allowed to invite; both stay 'open' until decided. At most one open request per
-- (guild, character), whatever its kind.
CREATE TABLE game_data.guild_join_requests (
    request_id BIGSERIAL PRIMARY KEY,
    guild_id BIGINT NOT NULL REFERENCES game_data.guilds(guild_id) ON DELETE CASCADE,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'open',
    -- The acting character: the applicant, or the member who invited.
    created_by BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- Who accepted, declined or cancelled; NULL when the system closed it (the character joined another guild).
    decided_by BIGINT REFERENCES game_data.characters(character_id) ON DELETE SET NULL,
    decided_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT valid_guild_request_kind CHECK (kind IN ('application', 'invitation')),
    CONSTRAINT valid_guild_request_status CHECK (status IN ('open', 'accepted', 'declined', 'cancelled')),
    CONSTRAINT guild_request_decision_consistent CHECK ((status = 'open') = (decided_at IS NULL)),
    CONSTRAINT guild_application_by_applicant CHECK (kind <> 'application' OR created_by = character_id)
);
CREATE UNIQUE INDEX unique_open_guild_request
    ON game_data.guild_join_requests(guild_id, character_id) WHERE status = 'open';
CREATE INDEX idx_guild_requests_guild_open
    ON game_data.guild_join_requests(guild_id, created_at DESC) WHERE status = 'open';
CREATE INDEX idx_guild_requests_character_open
    ON game_data.guild_join_requests(character_id) WHERE status = 'open';
-- FK columns without an index make every character delete scan the table.
CREATE INDEX idx_guild_requests_created_by ON game_data.guild_join_requests(created_by);
CREATE INDEX idx_guild_requests_decided_by ON game_data.guild_join_requests(decided_by);

-- ------------------------------------------------------------ guild bank ledger
-- Append-only: one row per deposit or withdrawal, written in the same transaction that moves the
-- gold, with the bank balance after the move.
CREATE TABLE game_data.guild_bank_ledger (
    entry_id BIGSERIAL PRIMARY KEY,
    guild_id BIGINT NOT NULL REFERENCES game_data.guilds(guild_id) ON DELETE CASCADE,
    -- The acting character. SET NULL keeps the guild's books when a character is archived.
    character_id BIGINT REFERENCES game_data.characters(character_id) ON DELETE SET NULL,
    direction VARCHAR(10) NOT NULL,
    amount BIGINT NOT NULL,
    balance_after BIGINT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT valid_guild_bank_direction CHECK (direction IN ('deposit', 'withdraw')),
    CONSTRAINT positive_guild_bank_amount CHECK (amount > 0),
    CONSTRAINT non_negative_guild_bank_balance CHECK (balance_after >= 0)
);
CREATE INDEX idx_guild_bank_ledger_guild ON game_data.guild_bank_ledger(guild_id, entry_id DESC);
CREATE INDEX idx_guild_bank_ledger_character ON game_data.guild_bank_ledger(character_id);

-- ------------------------------------------------------------ guild activity
-- Append-only feed of every guild change with the acting character (the audit trigger records the
-- account; this row, itself audited, records which of the account's characters acted).
CREATE TABLE game_data.guild_activity (
    activity_id BIGSERIAL PRIMARY KEY,
    guild_id BIGINT NOT NULL REFERENCES game_data.guilds(guild_id) ON DELETE CASCADE,
    actor_character_id BIGINT REFERENCES game_data.characters(character_id) ON DELETE SET NULL,
    kind VARCHAR(30) NOT NULL,
    target_character_id BIGINT REFERENCES game_data.characters(character_id) ON DELETE SET NULL,
    details JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT valid_guild_activity_kind CHECK (kind IN (
        'created', 'settings_updated', 'applied', 'invited', 'request_accepted', 'request_declined',
        'request_cancelled', 'joined', 'left', 'kicked', 'rank_changed', 'permissions_changed',
        'leadership_transferred', 'deposit', 'withdraw'
    ))
);
CREATE INDEX idx_guild_activity_guild ON game_data.guild_activity(guild_id, activity_id DESC);
CREATE INDEX idx_guild_activity_actor ON game_data.guild_activity(actor_character_id);
CREATE INDEX idx_guild_activity_target ON game_data.guild_activity(target_character_id);

-- ------------------------------------------------------------ audit
CREATE TRIGGER audit_guild_join_requests
AFTER INSERT OR UPDATE OR DELETE ON game_data.guild_join_requests
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_guild_bank_ledger
AFTER INSERT OR UPDATE OR DELETE ON game_data.guild_bank_ledger
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_guild_activity
AFTER INSERT OR UPDATE OR DELETE ON game_data.guild_activity
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

-- ------------------------------------------------------------ grants
-- Leaving a guild and kicking delete a guild_members row; the seed gives game_app_write no DELETE
-- anywhere (docs/seed-deviations.md §13 anticipated this follow-up grant).
GRANT DELETE ON game_data.guild_members TO game_app_write;
-- The ledger and the activity feed are history: the application appends, never rewrites.
REVOKE UPDATE ON game_data.guild_bank_ledger, game_data.guild_activity FROM game_app_write;
