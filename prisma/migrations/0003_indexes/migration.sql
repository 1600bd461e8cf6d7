-- 0003: every index the seed lists (per-table sections and "Indexing Strategy"),
-- plus the few additions recorded in docs/seed-deviations.md.
-- Plain CREATE INDEX: the runner wraps this file in a transaction, so
-- CONCURRENTLY is impossible; on a live database build new indexes by hand.

-- players: idx_players_account_id/username/email duplicate the UNIQUE indexes;
-- kept because the seed's index names are the contract.
CREATE INDEX idx_players_account_id ON game_data.players(account_id);
CREATE INDEX idx_players_username ON game_data.players(username);
CREATE INDEX idx_players_email ON game_data.players(email);
CREATE INDEX idx_players_last_login ON game_data.players(last_login);

CREATE INDEX idx_player_profiles_reputation ON game_data.player_profiles(reputation_score DESC);
CREATE INDEX idx_player_profiles_achievement ON game_data.player_profiles(achievement_points DESC);

CREATE INDEX idx_characters_player_id ON game_data.characters(player_id);
CREATE INDEX idx_characters_level ON game_data.characters(level DESC);
CREATE INDEX idx_characters_class ON game_data.characters(class);
CREATE INDEX idx_characters_last_played ON game_data.characters(last_played DESC);
CREATE INDEX idx_characters_player_active
    ON game_data.characters(player_id, is_active)
    WHERE is_active = TRUE;

CREATE INDEX idx_character_positions_zone ON game_data.character_positions(zone_id);
CREATE INDEX idx_character_positions_instance ON game_data.character_positions(instance_id);
CREATE INDEX idx_character_positions_coords ON game_data.character_positions(position_x, position_y, position_z);
-- The seed writes cube(position_x, position_y, position_z), but the cube
-- extension has no 3-argument float constructor (cube(float8, float8) builds a
-- 1-D interval). The array form builds the intended 3-D point. Queries must use
-- the same expression to hit the index, e.g.
--   ORDER BY cube(ARRAY[position_x, position_y, position_z]) <-> cube(ARRAY[$1, $2, $3])
CREATE INDEX idx_character_positions_spatial
    ON game_data.character_positions
    USING GIST (cube(ARRAY[position_x, position_y, position_z]));

CREATE INDEX idx_items_type ON game_data.items_master(item_type);
CREATE INDEX idx_items_rarity ON game_data.items_master(rarity);
CREATE INDEX idx_items_name ON game_data.items_master(item_name);

CREATE INDEX idx_inventory_character ON game_data.character_inventory(character_id);
CREATE INDEX idx_inventory_item ON game_data.character_inventory(item_id);
CREATE INDEX idx_inventory_equipped ON game_data.character_inventory(character_id, is_equipped) WHERE is_equipped = TRUE;

CREATE INDEX idx_equipment_slot_id ON game_data.character_equipment(inventory_slot_id);

CREATE INDEX idx_currencies_character ON game_data.character_currencies(character_id);

CREATE INDEX idx_transactions_from ON game_data.transactions(from_character_id, created_at DESC);
CREATE INDEX idx_transactions_to ON game_data.transactions(to_character_id, created_at DESC);
CREATE INDEX idx_transactions_status ON game_data.transactions(transaction_status);
CREATE INDEX idx_transactions_type ON game_data.transactions(transaction_type);
-- Addition: archive_old_data selects transactions older than one year.
CREATE INDEX idx_transactions_created ON game_data.transactions(created_at);

CREATE INDEX idx_marketplace_seller ON game_data.marketplace_listings(seller_character_id);
CREATE INDEX idx_marketplace_item ON game_data.marketplace_listings(item_id, status) WHERE status = 'active';
CREATE INDEX idx_marketplace_expires ON game_data.marketplace_listings(expires_at) WHERE status = 'active';
CREATE INDEX idx_marketplace_active
    ON game_data.marketplace_listings(item_id, price_per_unit)
    WHERE status = 'active';
-- Addition: buyer_character_id is an FK; without an index every character
-- delete/archive scans the whole listings table. Also serves "my purchases".
CREATE INDEX idx_marketplace_buyer ON game_data.marketplace_listings(buyer_character_id);

CREATE INDEX idx_guilds_name ON game_data.guilds(guild_name);
CREATE INDEX idx_guilds_tag ON game_data.guilds(guild_tag);
CREATE INDEX idx_guilds_leader ON game_data.guilds(leader_character_id);

CREATE INDEX idx_guild_members_character ON game_data.guild_members(character_id);
CREATE INDEX idx_guild_members_rank ON game_data.guild_members(guild_id, rank);

CREATE INDEX idx_friendships_character1 ON game_data.friendships(character_id_1, status);
CREATE INDEX idx_friendships_character2 ON game_data.friendships(character_id_2, status);

CREATE INDEX idx_quests_type ON game_data.quests_master(quest_type);
CREATE INDEX idx_quests_level ON game_data.quests_master(required_level);

CREATE INDEX idx_character_quests_character ON game_data.character_quests(character_id, status);
CREATE INDEX idx_character_quests_quest ON game_data.character_quests(quest_id);
CREATE INDEX idx_character_quests_covering
    ON game_data.character_quests(character_id, status)
    INCLUDE (quest_id, progress, started_at);

CREATE INDEX idx_achievements_category ON game_data.achievements_master(category);

CREATE INDEX idx_character_achievements_unlocked ON game_data.character_achievements(unlocked_at DESC);

-- Indexes on the partitioned parent cascade to every partition, present and future.
CREATE INDEX idx_game_events_type ON game_data.game_events(event_type, created_at DESC);
CREATE INDEX idx_game_events_character ON game_data.game_events(character_id, created_at DESC);
CREATE INDEX idx_game_events_created ON game_data.game_events(created_at DESC);
CREATE INDEX idx_game_events_severity ON game_data.game_events(severity, created_at DESC);
