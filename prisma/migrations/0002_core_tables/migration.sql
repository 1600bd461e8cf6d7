-- 0002: the seed's relational tables in schema game_data, in dependency order.
-- Column types, defaults, NOT NULLs, CHECK/UNIQUE names and ON DELETE rules are
-- the seed's; every departure is listed in docs/seed-deviations.md.

-- ---------------------------------------------------------------- players
CREATE TABLE game_data.players (
    player_id BIGSERIAL PRIMARY KEY,
    -- Default added (deviation): the seed gives no way to produce account_id.
    account_id UUID NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    username VARCHAR(50) NOT NULL UNIQUE,
    email VARCHAR(255) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_login TIMESTAMP WITH TIME ZONE,
    total_playtime_seconds BIGINT DEFAULT 0,
    is_banned BOOLEAN DEFAULT FALSE,
    ban_reason TEXT,
    ban_expires_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT username_format CHECK (username ~ '^[a-zA-Z0-9_-]{3,50}$'),
    CONSTRAINT email_format CHECK (email ~ '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$')
);

CREATE TABLE game_data.player_profiles (
    player_id BIGINT PRIMARY KEY REFERENCES game_data.players(player_id) ON DELETE CASCADE,
    display_name VARCHAR(100),
    bio TEXT,
    avatar_url VARCHAR(500),
    preferred_language VARCHAR(10) DEFAULT 'en',
    timezone VARCHAR(50),
    privacy_settings JSONB DEFAULT '{"show_online": true, "allow_friend_requests": true}'::jsonb,
    achievement_points INT DEFAULT 0,
    reputation_score INT DEFAULT 0,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

-- ---------------------------------------------------------------- characters
CREATE TABLE game_data.characters (
    character_id BIGSERIAL PRIMARY KEY,
    -- The seed declares this FK twice (inline and as fk_character_player in
    -- "Referential Integrity"); one FK carrying the named constraint.
    player_id BIGINT NOT NULL
        CONSTRAINT fk_character_player REFERENCES game_data.players(player_id) ON DELETE CASCADE,
    name VARCHAR(50) NOT NULL,
    class VARCHAR(30) NOT NULL,
    level INT NOT NULL DEFAULT 1,
    experience_points BIGINT DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    last_played TIMESTAMP WITH TIME ZONE,
    total_playtime_seconds BIGINT DEFAULT 0,
    is_active BOOLEAN DEFAULT TRUE,
    deleted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT character_name_format CHECK (name ~ '^[a-zA-Z0-9_-]{3,50}$'),
    CONSTRAINT level_range CHECK (level >= 1 AND level <= 100)
);
-- The seed's "CONSTRAINT unique_active_character_name UNIQUE (name) WHERE
-- deleted_at IS NULL" is not valid SQL (table constraints cannot be partial);
-- a partial unique index with the same name enforces the same rule.
CREATE UNIQUE INDEX unique_active_character_name
    ON game_data.characters(name) WHERE deleted_at IS NULL;

CREATE TABLE game_data.character_stats (
    character_id BIGINT PRIMARY KEY REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    health_current INT NOT NULL,
    health_max INT NOT NULL,
    mana_current INT NOT NULL,
    mana_max INT NOT NULL,
    stamina_current INT NOT NULL,
    stamina_max INT NOT NULL,
    strength INT DEFAULT 10,
    agility INT DEFAULT 10,
    intelligence INT DEFAULT 10,
    vitality INT DEFAULT 10,
    luck INT DEFAULT 10,
    attack_power INT GENERATED ALWAYS AS (strength * 2 + agility) STORED,
    defense_rating INT GENERATED ALWAYS AS (vitality * 3) STORED,
    magic_power INT GENERATED ALWAYS AS (intelligence * 2) STORED,
    critical_chance DECIMAL(5,2) GENERATED ALWAYS AS (LEAST(luck * 0.1, 50.0)) STORED,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    CONSTRAINT positive_stats CHECK (
        health_max > 0 AND mana_max > 0 AND stamina_max > 0 AND
        strength > 0 AND agility > 0 AND intelligence > 0 AND vitality > 0 AND luck > 0
    )
);

CREATE TABLE game_data.character_positions (
    character_id BIGINT PRIMARY KEY REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    position_x DOUBLE PRECISION NOT NULL,
    position_y DOUBLE PRECISION NOT NULL,
    position_z DOUBLE PRECISION NOT NULL,
    rotation_yaw DOUBLE PRECISION DEFAULT 0,
    rotation_pitch DOUBLE PRECISION DEFAULT 0,
    zone_id INT NOT NULL,
    instance_id UUID,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    CONSTRAINT valid_coordinates CHECK (
        position_x BETWEEN -20000000 AND 20000000 AND
        position_y BETWEEN -10000000 AND 10000000 AND
        position_z BETWEEN -10000000 AND 10000000
    )
);

-- ---------------------------------------------------------------- items
CREATE TABLE game_data.items_master (
    item_id INT PRIMARY KEY,
    item_name VARCHAR(100) NOT NULL,
    item_type VARCHAR(50) NOT NULL,
    rarity VARCHAR(20) NOT NULL,
    description TEXT,
    base_value INT DEFAULT 0,
    max_stack_size INT DEFAULT 1,
    is_tradeable BOOLEAN DEFAULT TRUE,
    is_consumable BOOLEAN DEFAULT FALSE,
    required_level INT DEFAULT 1,
    weight DECIMAL(10,2) DEFAULT 0,
    icon_url VARCHAR(500),
    properties JSONB,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    CONSTRAINT valid_rarity CHECK (rarity IN ('common', 'uncommon', 'rare', 'epic', 'legendary', 'mythic')),
    CONSTRAINT valid_item_type CHECK (item_type IN ('weapon', 'armor', 'consumable', 'material', 'quest', 'misc'))
);

CREATE TABLE game_data.character_inventory (
    inventory_slot_id BIGSERIAL PRIMARY KEY,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    -- Named FK from the seed's "Referential Integrity" section (ON DELETE RESTRICT).
    item_id INT NOT NULL
        CONSTRAINT fk_inventory_item REFERENCES game_data.items_master(item_id) ON DELETE RESTRICT,
    quantity INT NOT NULL DEFAULT 1,
    slot_position INT NOT NULL,
    is_equipped BOOLEAN DEFAULT FALSE,
    acquired_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    durability_current INT,
    durability_max INT,
    enchantment_level INT DEFAULT 0,
    custom_properties JSONB,
    CONSTRAINT positive_quantity CHECK (quantity > 0),
    CONSTRAINT valid_slot CHECK (slot_position >= 0 AND slot_position < 200),
    -- Name kept from the seed although the rule is "one item per bag slot",
    -- not anything about equipment.
    CONSTRAINT unique_equipped_slot UNIQUE (character_id, slot_position)
);

CREATE TABLE game_data.character_equipment (
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    equipment_slot VARCHAR(30) NOT NULL,
    -- Named FK from the seed's "Referential Integrity" section (ON DELETE SET NULL).
    inventory_slot_id BIGINT
        CONSTRAINT fk_equipment_inventory REFERENCES game_data.character_inventory(inventory_slot_id) ON DELETE SET NULL,
    equipped_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    PRIMARY KEY (character_id, equipment_slot),
    CONSTRAINT valid_equipment_slot CHECK (equipment_slot IN (
        'head', 'chest', 'legs', 'feet', 'hands', 'main_hand', 'off_hand',
        'ring_1', 'ring_2', 'amulet', 'belt', 'back'
    ))
);

-- ---------------------------------------------------------------- economy
CREATE TABLE game_data.character_currencies (
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    currency_type VARCHAR(30) NOT NULL,
    amount BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (character_id, currency_type),
    CONSTRAINT positive_currency CHECK (amount >= 0),
    CONSTRAINT valid_currency_type CHECK (currency_type IN ('gold', 'gems', 'pvp_tokens', 'event_currency'))
);

CREATE TABLE game_data.transactions (
    transaction_id BIGSERIAL PRIMARY KEY,
    transaction_type VARCHAR(30) NOT NULL,
    -- No ON DELETE in the seed: a character with trade history cannot be hard
    -- deleted (archive_old_data moves the history out first).
    from_character_id BIGINT REFERENCES game_data.characters(character_id),
    to_character_id BIGINT REFERENCES game_data.characters(character_id),
    currency_type VARCHAR(30),
    currency_amount BIGINT,
    item_id INT REFERENCES game_data.items_master(item_id),
    item_quantity INT,
    transaction_status VARCHAR(20) NOT NULL DEFAULT 'pending',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE,
    metadata JSONB,
    CONSTRAINT valid_transaction_type CHECK (transaction_type IN (
        'trade', 'purchase', 'sale', 'quest_reward', 'drop', 'craft', 'auction', 'mail'
    )),
    CONSTRAINT valid_status CHECK (transaction_status IN ('pending', 'completed', 'cancelled', 'failed'))
);

CREATE TABLE game_data.marketplace_listings (
    listing_id BIGSERIAL PRIMARY KEY,
    seller_character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    item_id INT NOT NULL REFERENCES game_data.items_master(item_id),
    quantity INT NOT NULL,
    price_per_unit BIGINT NOT NULL,
    currency_type VARCHAR(30) NOT NULL DEFAULT 'gold',
    listed_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status VARCHAR(20) DEFAULT 'active',
    buyer_character_id BIGINT REFERENCES game_data.characters(character_id),
    sold_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT positive_price CHECK (price_per_unit > 0),
    CONSTRAINT positive_quantity CHECK (quantity > 0),
    CONSTRAINT valid_listing_status CHECK (status IN ('active', 'sold', 'expired', 'cancelled'))
);

-- ---------------------------------------------------------------- social
CREATE TABLE game_data.guilds (
    guild_id BIGSERIAL PRIMARY KEY,
    guild_name VARCHAR(100) NOT NULL UNIQUE,
    guild_tag VARCHAR(10) NOT NULL UNIQUE,
    -- No ON DELETE: a guild leader cannot disappear without a leadership transfer.
    leader_character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id),
    description TEXT,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    level INT DEFAULT 1,
    experience_points BIGINT DEFAULT 0,
    max_members INT DEFAULT 50,
    guild_bank_gold BIGINT DEFAULT 0,
    banner_url VARCHAR(500),
    is_recruiting BOOLEAN DEFAULT TRUE,
    CONSTRAINT valid_guild_tag CHECK (guild_tag ~ '^[A-Z0-9]{2,10}$'),
    CONSTRAINT positive_members CHECK (max_members > 0)
);

CREATE TABLE game_data.guild_members (
    -- CASCADE as the SQL says (the prose's "sets member reference to NULL" cannot
    -- apply to a NOT NULL key column; see docs/seed-deviations.md).
    guild_id BIGINT NOT NULL REFERENCES game_data.guilds(guild_id) ON DELETE CASCADE,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    rank VARCHAR(30) NOT NULL DEFAULT 'member',
    joined_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    contribution_points INT DEFAULT 0,
    permissions JSONB DEFAULT '{"invite": false, "kick": false, "bank": false}'::jsonb,
    PRIMARY KEY (guild_id, character_id),
    CONSTRAINT valid_rank CHECK (rank IN ('leader', 'officer', 'veteran', 'member', 'recruit'))
);
-- Seed business rule "characters belong to at most one guild", which the
-- composite PK alone does not enforce.
CREATE UNIQUE INDEX unique_guild_member_character ON game_data.guild_members(character_id);

CREATE TABLE game_data.friendships (
    friendship_id BIGSERIAL PRIMARY KEY,
    character_id_1 BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    character_id_2 BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    requested_by BIGINT NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    accepted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT valid_friendship CHECK (character_id_1 < character_id_2),
    CONSTRAINT valid_friend_status CHECK (status IN ('pending', 'accepted', 'blocked')),
    CONSTRAINT valid_requester CHECK (requested_by IN (character_id_1, character_id_2)),
    UNIQUE (character_id_1, character_id_2) -- friendships_character_id_1_character_id_2_key
);

-- ---------------------------------------------------------------- quests & achievements
CREATE TABLE game_data.quests_master (
    quest_id INT PRIMARY KEY,
    quest_name VARCHAR(200) NOT NULL,
    description TEXT,
    quest_type VARCHAR(30) NOT NULL,
    required_level INT DEFAULT 1,
    prerequisites JSONB,
    rewards JSONB,
    objectives JSONB NOT NULL,
    is_repeatable BOOLEAN DEFAULT FALSE,
    cooldown_seconds INT,
    CONSTRAINT valid_quest_type CHECK (quest_type IN ('main', 'side', 'daily', 'weekly', 'event'))
);

CREATE TABLE game_data.character_quests (
    character_quest_id BIGSERIAL PRIMARY KEY,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    quest_id INT NOT NULL REFERENCES game_data.quests_master(quest_id),
    status VARCHAR(20) NOT NULL DEFAULT 'in_progress',
    started_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE,
    abandoned_at TIMESTAMP WITH TIME ZONE,
    progress JSONB DEFAULT '{}'::jsonb,
    completion_count INT DEFAULT 0,
    last_completed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT valid_quest_status CHECK (status IN ('in_progress', 'completed', 'abandoned', 'failed'))
);

CREATE TABLE game_data.achievements_master (
    achievement_id INT PRIMARY KEY,
    achievement_name VARCHAR(200) NOT NULL,
    description TEXT,
    category VARCHAR(50) NOT NULL,
    points INT NOT NULL DEFAULT 10,
    icon_url VARCHAR(500),
    criteria JSONB NOT NULL,
    is_hidden BOOLEAN DEFAULT FALSE,
    CONSTRAINT positive_points CHECK (points > 0)
);

CREATE TABLE game_data.character_achievements (
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    achievement_id INT NOT NULL REFERENCES game_data.achievements_master(achievement_id),
    unlocked_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    progress JSONB DEFAULT '{}'::jsonb,
    PRIMARY KEY (character_id, achievement_id)
);

-- ---------------------------------------------------------------- events
-- Partitioned by month (the seed's "Partitioning by month" comment and the
-- storage plan's "Time-based for game_events"). A partitioned table's PK must
-- contain the partition key, hence (event_id, created_at) and created_at NOT NULL.
-- Partitions and the DEFAULT partition are created in 0005.
CREATE TABLE game_data.game_events (
    event_id BIGSERIAL,
    event_type VARCHAR(50) NOT NULL,
    character_id BIGINT REFERENCES game_data.characters(character_id) ON DELETE SET NULL,
    event_data JSONB NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    severity VARCHAR(20) DEFAULT 'info',
    PRIMARY KEY (event_id, created_at),
    CONSTRAINT valid_severity CHECK (severity IN ('debug', 'info', 'warning', 'error', 'critical'))
) PARTITION BY RANGE (created_at);
