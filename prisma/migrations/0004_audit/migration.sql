-- 0004: audit log and the audit trigger on the sensitive tables.
--
-- "Who did it" contract: the app runs each unit of work in one transaction after
--   SELECT set_config('app.current_user_id', $1, true),   -- acting account's player_id
--          set_config('app.current_player_id', $2, true), -- player whose data is touched (RLS)
--          set_config('app.client_ip', $3, true);
-- A setting that was never set reads as NULL, and one set with SET LOCAL/
-- set_config(..., true) on a pooled connection reads as '' after the transaction
-- ends; both must mean "unknown", never an error.

CREATE TABLE game_data.audit_log (
    audit_id BIGSERIAL PRIMARY KEY,
    table_name VARCHAR(100) NOT NULL,
    operation VARCHAR(20) NOT NULL,
    user_id BIGINT,
    changed_data JSONB,
    change_timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    ip_address INET,
    -- Addition (issue 9): the row before an UPDATE or DELETE, so a change can be
    -- read as a diff without hunting for the previous audit row.
    old_data JSONB
);

-- Additions: staff screens browse the log by table or by actor, newest first.
CREATE INDEX idx_audit_log_table_time ON game_data.audit_log(table_name, change_timestamp DESC);
CREATE INDEX idx_audit_log_user_time ON game_data.audit_log(user_id, change_timestamp DESC);

-- SECURITY DEFINER so application roles need no INSERT right on audit_log
-- (0006 revokes it: the app must not be able to forge or edit audit rows).
-- Trigger arguments name columns whose values must never be copied into the
-- log (players.password_hash); they are replaced by a marker that still shows
-- whether the value changed.
CREATE OR REPLACE FUNCTION game_data.audit_trigger_function()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = game_data, pg_temp
AS $$
DECLARE
    -- A malformed (non-empty, non-numeric) user id is an application bug and
    -- raises, so no write goes unattributed silently.
    v_user_id bigint := NULLIF(btrim(current_setting('app.current_user_id', true)), '')::bigint;
    v_ip_text text := NULLIF(btrim(current_setting('app.client_ip', true)), '');
    v_ip inet;
    v_new jsonb;
    v_old jsonb;
    v_key text;
BEGIN
    IF v_ip_text IS NOT NULL THEN
        -- The address comes from request headers; a bad one must not fail the write.
        BEGIN
            v_ip := v_ip_text::inet;
        EXCEPTION WHEN invalid_text_representation THEN
            v_ip := NULL;
        END;
    END IF;

    IF TG_OP <> 'DELETE' THEN
        v_new := to_jsonb(NEW);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        v_old := to_jsonb(OLD);
    END IF;

    IF TG_NARGS > 0 THEN
        FOREACH v_key IN ARRAY TG_ARGV LOOP
            IF v_new ? v_key THEN
                v_new := jsonb_set(v_new, ARRAY[v_key], to_jsonb(CASE
                    WHEN v_old IS NOT NULL AND (v_old -> v_key) IS DISTINCT FROM (v_new -> v_key)
                    THEN '[redacted:changed]' ELSE '[redacted]' END));
            END IF;
            IF v_old ? v_key THEN
                v_old := jsonb_set(v_old, ARRAY[v_key], to_jsonb('[redacted]'::text));
            END IF;
        END LOOP;
    END IF;

    INSERT INTO game_data.audit_log (table_name, operation, user_id, changed_data, old_data, ip_address)
    VALUES (
        TG_TABLE_NAME,
        TG_OP,
        v_user_id,
        -- The seed's meaning of changed_data: the new row, or the deleted row.
        CASE WHEN TG_OP = 'DELETE' THEN v_old ELSE v_new END,
        v_old,
        v_ip
    );
    -- AFTER ROW trigger: the result is ignored; NULL says so (the seed returned
    -- NEW, which is NULL on DELETE anyway).
    RETURN NULL;
END;
$$;

CREATE TRIGGER audit_players
AFTER INSERT OR UPDATE OR DELETE ON game_data.players
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function('password_hash');

CREATE TRIGGER audit_characters
AFTER INSERT OR UPDATE OR DELETE ON game_data.characters
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_character_currencies
AFTER INSERT OR UPDATE OR DELETE ON game_data.character_currencies
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_character_inventory
AFTER INSERT OR UPDATE OR DELETE ON game_data.character_inventory
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_transactions
AFTER INSERT OR UPDATE OR DELETE ON game_data.transactions
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_marketplace_listings
AFTER INSERT OR UPDATE OR DELETE ON game_data.marketplace_listings
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_guilds
AFTER INSERT OR UPDATE OR DELETE ON game_data.guilds
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_guild_members
AFTER INSERT OR UPDATE OR DELETE ON game_data.guild_members
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();
