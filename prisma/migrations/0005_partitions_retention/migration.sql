-- 0005: monthly partitions of game_events, created ahead of time, and the
-- retention function archive_old_data() with its archive tables.

-- ------------------------------------------------------------ partitions
-- Creates the DEFAULT partition (so an insert never fails for lack of a
-- partition) and one partition per UTC month from months_back months ago to
-- months_ahead months ahead. Idempotent; safe to call from a scheduler (daily
-- or at least monthly) and concurrently (serialised by an advisory lock).
-- Returns the number of partitions created.
-- Rows that already landed in the DEFAULT partition for a month that now gets
-- its own partition are moved into it (PostgreSQL refuses to create a
-- partition whose range the DEFAULT partition already holds rows for).
CREATE OR REPLACE FUNCTION game_data.ensure_game_events_partitions(
    months_ahead integer DEFAULT 3,
    months_back integer DEFAULT 0
)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = game_data, pg_temp
AS $$
DECLARE
    v_base timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
    v_month timestamp;
    v_lo timestamptz;
    v_hi timestamptz;
    v_part text;
    v_created integer := 0;
    i integer;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120
       OR months_back IS NULL OR months_back < 0 OR months_back > 120 THEN
        RAISE EXCEPTION 'ensure_game_events_partitions: months_ahead and months_back must be between 0 and 120'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    PERFORM pg_advisory_xact_lock(hashtext('game_data.ensure_game_events_partitions'));

    IF to_regclass('game_data.game_events_default') IS NULL THEN
        CREATE TABLE game_data.game_events_default PARTITION OF game_data.game_events DEFAULT;
    END IF;

    FOR i IN -months_back .. months_ahead LOOP
        v_month := v_base + make_interval(months => i);
        v_lo := v_month AT TIME ZONE 'UTC';
        v_hi := (v_month + interval '1 month') AT TIME ZONE 'UTC';
        v_part := 'game_events_p' || to_char(v_month, 'YYYYMM');

        CONTINUE WHEN to_regclass(format('game_data.%I', v_part)) IS NOT NULL;

        IF EXISTS (SELECT 1 FROM game_data.game_events_default
                   WHERE created_at >= v_lo AND created_at < v_hi) THEN
            EXECUTE format('CREATE TABLE game_data.%I (LIKE game_data.game_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_part);
            EXECUTE format(
                'WITH moved AS (DELETE FROM game_data.game_events_default WHERE created_at >= %L AND created_at < %L RETURNING *)
                 INSERT INTO game_data.%I SELECT * FROM moved', v_lo, v_hi, v_part);
            EXECUTE format('ALTER TABLE game_data.game_events ATTACH PARTITION game_data.%I FOR VALUES FROM (%L) TO (%L)',
                           v_part, v_lo, v_hi);
        ELSE
            EXECUTE format('CREATE TABLE game_data.%I PARTITION OF game_data.game_events FOR VALUES FROM (%L) TO (%L)',
                           v_part, v_lo, v_hi);
        END IF;
        v_created := v_created + 1;
    END LOOP;

    RETURN v_created;
END;
$$;

-- Three months back so recent history (the 90-day retention window, demo data)
-- lands in real partitions; three months ahead for new events.
SELECT game_data.ensure_game_events_partitions(3, 3);

-- ------------------------------------------------------------ archive tables
-- Same shape as the live tables (LIKE ... INCLUDING DEFAULTS), no FKs (the rows
-- they pointed at may be archived or deleted later), a PK so a row can never be
-- archived twice, and archived_at appended as the last column.
CREATE TABLE game_data.archived_characters (
    LIKE game_data.characters INCLUDING DEFAULTS,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (character_id)
);
CREATE INDEX idx_archived_characters_player ON game_data.archived_characters(player_id);

-- Everything that ON DELETE CASCADE removes with an archived character (stats,
-- position, inventory, equipment, currencies, guild membership, friendships,
-- quests, achievements), as one JSON document per character, so archiving
-- loses nothing and a restore has all it needs.
CREATE TABLE game_data.archived_character_data (
    character_id BIGINT PRIMARY KEY,
    snapshot JSONB NOT NULL,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE TABLE game_data.archived_transactions (
    LIKE game_data.transactions INCLUDING DEFAULTS,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (transaction_id)
);
CREATE INDEX idx_archived_transactions_from ON game_data.archived_transactions(from_character_id);
CREATE INDEX idx_archived_transactions_to ON game_data.archived_transactions(to_character_id);

CREATE TABLE game_data.archived_marketplace_listings (
    LIKE game_data.marketplace_listings INCLUDING DEFAULTS,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (listing_id)
);

CREATE TABLE game_data.archived_game_events (
    LIKE game_data.game_events INCLUDING DEFAULTS,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (event_id, created_at)
);

-- Moves the rows of p_live matching p_where (which may use $1 = p_ids) into
-- p_archive in one statement: a row leaves the live table only if it reached
-- the archive. Column lists come from the live table, so a column added to a
-- live table but not to its archive table fails loudly instead of shifting data.
CREATE OR REPLACE FUNCTION game_data.archive_move(
    p_live regclass,
    p_archive regclass,
    p_where text,
    p_ids bigint[] DEFAULT NULL
)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = game_data, pg_temp
AS $$
DECLARE
    v_cols text;
    v_count bigint;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
      INTO v_cols
      FROM pg_attribute
     WHERE attrelid = p_live AND attnum > 0 AND NOT attisdropped;

    EXECUTE format(
        'WITH moved AS (DELETE FROM %s WHERE %s RETURNING *)
         INSERT INTO %s (%s) SELECT %s FROM moved',
        p_live, p_where, p_archive, v_cols, v_cols)
    USING p_ids;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;

-- The seed's retention job, made runnable:
--  * characters inactive (is_active = FALSE) and not played for 180 days are
--    archived, except guild leaders (guilds.leader_character_id has no ON
--    DELETE rule; leadership must be transferred first);
--  * their dependent rows are snapshotted, their marketplace listings (as
--    seller or buyer) and transactions (either side) are archived with them so
--    the FKs without ON DELETE rules do not block the delete;
--  * transactions older than one year and game events older than 90 days are
--    archived; monthly partitions left entirely before the cutoff are dropped.
-- Every step moves rows (DELETE ... RETURNING into the archive), so running it
-- twice in a row archives nothing new and loses nothing.
CREATE OR REPLACE FUNCTION game_data.archive_old_data()
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = game_data, pg_temp
AS $$
DECLARE
    v_ids bigint[];
    v_events_cutoff timestamptz := now() - interval '90 days';
    v_part record;
    n_chars bigint;
    n_listings bigint;
    n_tx bigint;
    n_events bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('game_data.archive_old_data'));

    -- FOR UPDATE: a concurrent insert referencing one of these characters (a
    -- trade, a listing purchase, a leadership transfer) waits for us and then
    -- fails its FK check instead of being orphaned.
    v_ids := ARRAY(
        SELECT c.character_id
          FROM game_data.characters c
         WHERE c.last_played < now() - interval '180 days'
           AND c.is_active = FALSE
           AND NOT EXISTS (SELECT 1 FROM game_data.guilds g
                            WHERE g.leader_character_id = c.character_id)
         ORDER BY c.character_id
           FOR UPDATE);

    INSERT INTO game_data.archived_character_data (character_id, snapshot)
    SELECT c.id, jsonb_build_object(
        'stats', (SELECT to_jsonb(s) FROM game_data.character_stats s WHERE s.character_id = c.id),
        'position', (SELECT to_jsonb(p) FROM game_data.character_positions p WHERE p.character_id = c.id),
        'inventory', (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.slot_position), '[]')
                        FROM game_data.character_inventory i WHERE i.character_id = c.id),
        'equipment', (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.equipment_slot), '[]')
                        FROM game_data.character_equipment e WHERE e.character_id = c.id),
        'currencies', (SELECT coalesce(jsonb_agg(to_jsonb(cc) ORDER BY cc.currency_type), '[]')
                         FROM game_data.character_currencies cc WHERE cc.character_id = c.id),
        'guild_membership', (SELECT to_jsonb(gm) FROM game_data.guild_members gm WHERE gm.character_id = c.id),
        'friendships', (SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.friendship_id), '[]')
                          FROM game_data.friendships f
                         WHERE f.character_id_1 = c.id OR f.character_id_2 = c.id),
        'quests', (SELECT coalesce(jsonb_agg(to_jsonb(q) ORDER BY q.character_quest_id), '[]')
                     FROM game_data.character_quests q WHERE q.character_id = c.id),
        'achievements', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.achievement_id), '[]')
                           FROM game_data.character_achievements a WHERE a.character_id = c.id)
    )
    FROM unnest(v_ids) AS c(id);

    n_listings := game_data.archive_move('game_data.marketplace_listings', 'game_data.archived_marketplace_listings',
        'seller_character_id = ANY($1) OR buyer_character_id = ANY($1)', v_ids);

    n_tx := game_data.archive_move('game_data.transactions', 'game_data.archived_transactions',
        $w$from_character_id = ANY($1) OR to_character_id = ANY($1)
           OR created_at < now() - interval '1 year'$w$, v_ids);

    n_chars := game_data.archive_move('game_data.characters', 'game_data.archived_characters',
        'character_id = ANY($1)', v_ids);

    n_events := game_data.archive_move('game_data.game_events', 'game_data.archived_game_events',
        format('created_at < %L', v_events_cutoff));

    -- Monthly partitions whose whole range is before the cutoff are now empty.
    FOR v_part IN
        SELECT c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'game_data.game_events'::regclass
           AND c.relname ~ '^game_events_p[0-9]{6}$'
           AND ((to_date(substr(c.relname, 14), 'YYYYMM')::timestamp + interval '1 month')
                AT TIME ZONE 'UTC') <= v_events_cutoff
    LOOP
        EXECUTE format('DROP TABLE game_data.%I', v_part.relname);
    END LOOP;

    RAISE NOTICE 'archive_old_data: % characters, % listings, % transactions, % game events archived',
        n_chars, n_listings, n_tx, n_events;
END;
$$;
