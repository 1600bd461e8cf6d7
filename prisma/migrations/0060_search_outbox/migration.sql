-- 0060: search (issue 8). The transactional outbox that keeps Elasticsearch in step with PostgreSQL, the triggers
-- that fill it, and the trigram index the degraded (PostgreSQL) player search needs. See docs/search.md.

-- ------------------------------------------------------------ outbox
-- One row per change that affects a search document. Triggers write it in the writer's own transaction, so a
-- change and its outbox row commit (or roll back) together, whoever the writer is (portal, game server, psql).
-- The worker (server/services/search-worker.ts) drains rows in outbox_id order and reads each document's latest
-- state from PostgreSQL at drain time, so the row only says "look at this document again".
CREATE TABLE game_data.search_outbox (
    outbox_id BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    op TEXT NOT NULL,
    -- The writing transaction's id (xid8 as bigint). A reindex compares it with its snapshot to replay exactly the
    -- changes its copy did not see (pg_visible_in_snapshot).
    txid BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text)::bigint,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    processed_at TIMESTAMP WITH TIME ZONE,
    attempts INT NOT NULL DEFAULT 0,
    last_error TEXT,
    CONSTRAINT valid_search_entity CHECK (entity IN ('item', 'guild', 'player', 'listing')),
    CONSTRAINT valid_search_op CHECK (op IN ('upsert', 'delete')),
    CONSTRAINT search_outbox_attempts_non_negative CHECK (attempts >= 0)
);

-- The worker's queue: pending rows in order. Small, because processed rows leave it.
CREATE INDEX idx_search_outbox_pending ON game_data.search_outbox (outbox_id) WHERE processed_at IS NULL;
-- Reindex replay: rows written by transactions at or after the snapshot's xmin.
CREATE INDEX idx_search_outbox_txid ON game_data.search_outbox (txid);
-- Clean-up of processed rows by age.
CREATE INDEX idx_search_outbox_processed ON game_data.search_outbox (processed_at) WHERE processed_at IS NOT NULL;

-- ------------------------------------------------------------ trigger functions
-- SECURITY DEFINER: application roles (game_app_write) need no rights on the outbox to change a game table.
CREATE FUNCTION game_data.search_outbox_enqueue(p_entity TEXT, p_entity_id BIGINT, p_op TEXT)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = game_data, pg_temp
AS $$
BEGIN
    IF p_entity_id IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO game_data.search_outbox (entity, entity_id, op) VALUES (p_entity, p_entity_id, p_op);
    -- Wakes the worker at once; notifications with the same payload in one transaction are sent once.
    PERFORM pg_notify('search_outbox', '');
END;
$$;

-- Active listings of an item or a seller carry its name: enqueue them when the name changes.
CREATE FUNCTION game_data.search_outbox_enqueue_listings(p_item_id INT, p_seller_character_id BIGINT)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = game_data, pg_temp
AS $$
BEGIN
    INSERT INTO game_data.search_outbox (entity, entity_id, op)
    SELECT 'listing', ml.listing_id, 'upsert'
      FROM game_data.marketplace_listings ml
     WHERE ml.status = 'active'
       AND ((p_item_id IS NOT NULL AND ml.item_id = p_item_id)
         OR (p_seller_character_id IS NOT NULL AND ml.seller_character_id = p_seller_character_id));
    PERFORM pg_notify('search_outbox', '');
END;
$$;

CREATE FUNCTION game_data.search_outbox_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = game_data, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM game_data.search_outbox_enqueue('item', OLD.item_id, 'delete');
        RETURN NULL;
    END IF;
    PERFORM game_data.search_outbox_enqueue('item', NEW.item_id, 'upsert');
    IF TG_OP = 'UPDATE' AND (OLD.item_name, OLD.item_type, OLD.rarity, OLD.required_level, OLD.icon_url)
        IS DISTINCT FROM (NEW.item_name, NEW.item_type, NEW.rarity, NEW.required_level, NEW.icon_url) THEN
        PERFORM game_data.search_outbox_enqueue_listings(NEW.item_id, NULL);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION game_data.search_outbox_guilds() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = game_data, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM game_data.search_outbox_enqueue('guild', OLD.guild_id, 'delete');
    ELSE
        PERFORM game_data.search_outbox_enqueue('guild', NEW.guild_id, 'upsert');
    END IF;
    RETURN NULL;
END;
$$;

-- players and player_profiles both feed the player document (username; display name and privacy).
CREATE FUNCTION game_data.search_outbox_players() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = game_data, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM game_data.search_outbox_enqueue('player', OLD.player_id, CASE WHEN TG_TABLE_NAME = 'players' THEN 'delete' ELSE 'upsert' END);
    ELSE
        PERFORM game_data.search_outbox_enqueue('player', NEW.player_id, 'upsert');
    END IF;
    RETURN NULL;
END;
$$;

-- Character names are part of the player document (staff find players by character) and of the seller's listings.
CREATE FUNCTION game_data.search_outbox_characters() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = game_data, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM game_data.search_outbox_enqueue('player', OLD.player_id, 'upsert');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.player_id IS DISTINCT FROM OLD.player_id) THEN
        PERFORM game_data.search_outbox_enqueue('player', NEW.player_id, 'upsert');
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        PERFORM game_data.search_outbox_enqueue_listings(NULL, NEW.character_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION game_data.search_outbox_listings() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = game_data, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM game_data.search_outbox_enqueue('listing', OLD.listing_id, 'delete');
    ELSE
        PERFORM game_data.search_outbox_enqueue('listing', NEW.listing_id, 'upsert');
    END IF;
    RETURN NULL;
END;
$$;

REVOKE ALL ON FUNCTION game_data.search_outbox_enqueue(TEXT, BIGINT, TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION game_data.search_outbox_enqueue_listings(INT, BIGINT) FROM PUBLIC;

-- ------------------------------------------------------------ triggers
-- UPDATE OF <columns>: only changes to indexed columns wake the outbox (a login's last_login does not).
CREATE TRIGGER search_outbox_items AFTER INSERT OR DELETE OR UPDATE ON game_data.items_master
    FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_items();
CREATE TRIGGER search_outbox_guilds AFTER INSERT OR DELETE OR UPDATE OF guild_name, guild_tag, description, level, experience_points, max_members, is_recruiting
    ON game_data.guilds FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_guilds();
CREATE TRIGGER search_outbox_players AFTER INSERT OR DELETE OR UPDATE OF username, is_banned, ban_expires_at, created_at
    ON game_data.players FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_players();
CREATE TRIGGER search_outbox_player_profiles AFTER INSERT OR DELETE OR UPDATE OF display_name, privacy_settings
    ON game_data.player_profiles FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_players();
CREATE TRIGGER search_outbox_characters AFTER INSERT OR DELETE OR UPDATE OF name, deleted_at, player_id
    ON game_data.characters FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_characters();
CREATE TRIGGER search_outbox_listings AFTER INSERT OR DELETE OR UPDATE
    ON game_data.marketplace_listings FOR EACH ROW EXECUTE FUNCTION game_data.search_outbox_listings();

-- ------------------------------------------------------------ degraded-mode search
-- When Elasticsearch is down, player search falls back to PostgreSQL: usernames (idx_players_username_trgm, 0050)
-- and display names need a trigram index each; item names use idx_items_name_fts (0030), guilds
-- idx_guilds_search_trgm (0040).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS idx_player_profiles_display_name_trgm
    ON game_data.player_profiles USING GIN (lower(display_name) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS idx_items_name_trgm
    ON game_data.items_master USING GIN (lower(item_name) gin_trgm_ops);
