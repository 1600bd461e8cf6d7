-- 0030: marketplace escrow, fees, idempotent purchases, returns mailbox, direct trades, economy ledger.
-- Additions of ours (issue 6); see docs/market.md for the rules and docs/seed-deviations.md §Market.
-- Grants for SELECT/INSERT/UPDATE come from the default privileges of 0001; DELETE is granted explicitly below.

-- ------------------------------------------------------------------ market fees
-- The fee a sale pays leaves the economy. Recording every fee makes conservation checkable:
-- sum(balances) + sum(fees) stays constant under market and trade operations.
-- listing_id / transaction_id carry no FK: archive_old_data() moves listings and transactions out,
-- and the fee ledger must survive that (a deleted fee row would look like minted money).
CREATE TABLE game_data.market_fees (
    fee_id BIGSERIAL PRIMARY KEY,
    listing_id BIGINT NOT NULL,
    transaction_id BIGINT,
    seller_character_id BIGINT NOT NULL,
    currency_type VARCHAR(30) NOT NULL,
    amount BIGINT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT market_fee_positive CHECK (amount > 0),
    CONSTRAINT market_fee_currency_type CHECK (currency_type IN ('gold', 'gems', 'pvp_tokens', 'event_currency'))
);
CREATE INDEX idx_market_fees_seller ON game_data.market_fees(seller_character_id);
CREATE INDEX idx_market_fees_currency ON game_data.market_fees(currency_type);

-- ------------------------------------------------------------------ idempotent purchases
-- One row per (buyer, client key): a retried buy finds the first result here instead of buying twice.
-- The row is inserted at the start of the purchase transaction, so a concurrent retry with the same key
-- waits on the unique index until the first attempt commits (then returns its result) or rolls back.
CREATE TABLE game_data.market_idempotency_keys (
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    idempotency_key VARCHAR(100) NOT NULL,
    listing_id BIGINT NOT NULL,
    quantity INT NOT NULL,
    result JSONB,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (character_id, idempotency_key),
    CONSTRAINT market_idempotency_key_format CHECK (idempotency_key ~ '^[A-Za-z0-9_-]{8,100}$'),
    CONSTRAINT market_idempotency_quantity_positive CHECK (quantity > 0)
);
CREATE INDEX idx_market_idempotency_created ON game_data.market_idempotency_keys(created_at);

-- ------------------------------------------------------------------ returns mailbox
-- Items coming back from a cancelled or expired listing go to the seller's inventory, stacking first;
-- whatever does not fit waits here until the seller makes room and claims it. The expiry job never loses items.
CREATE TABLE game_data.market_mailbox (
    parcel_id BIGSERIAL PRIMARY KEY,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    item_id INT NOT NULL REFERENCES game_data.items_master(item_id) ON DELETE RESTRICT,
    quantity INT NOT NULL,
    listing_id BIGINT,
    reason VARCHAR(20) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    claimed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT market_mailbox_quantity_positive CHECK (quantity > 0),
    CONSTRAINT market_mailbox_reason CHECK (reason IN ('cancelled', 'expired'))
);
CREATE INDEX idx_market_mailbox_unclaimed ON game_data.market_mailbox(character_id) WHERE claimed_at IS NULL;

-- ------------------------------------------------------------------ direct trades
-- A trade session between two characters. Every change to an offer bumps `version` and clears both
-- confirmations; a confirmation names the version it agrees to, so nobody confirms a deal they did not see.
CREATE TABLE game_data.trade_sessions (
    trade_id BIGSERIAL PRIMARY KEY,
    initiator_character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    partner_character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    status VARCHAR(20) NOT NULL DEFAULT 'open',
    version INT NOT NULL DEFAULT 1,
    initiator_confirmed_version INT,
    partner_confirmed_version INT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    closed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT trade_distinct_parties CHECK (initiator_character_id <> partner_character_id),
    CONSTRAINT valid_trade_status CHECK (status IN ('open', 'completed', 'cancelled')),
    CONSTRAINT trade_version_positive CHECK (version > 0),
    CONSTRAINT trade_closed_consistent CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX idx_trade_sessions_initiator ON game_data.trade_sessions(initiator_character_id, status);
CREATE INDEX idx_trade_sessions_partner ON game_data.trade_sessions(partner_character_id, status);

-- Offered items point at the offering character's inventory slot; nothing moves until the swap,
-- which re-checks under lock that each slot still holds what was offered.
CREATE TABLE game_data.trade_offer_items (
    trade_id BIGINT NOT NULL REFERENCES game_data.trade_sessions(trade_id) ON DELETE CASCADE,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    inventory_slot_id BIGINT NOT NULL,
    item_id INT NOT NULL REFERENCES game_data.items_master(item_id) ON DELETE RESTRICT,
    quantity INT NOT NULL,
    PRIMARY KEY (trade_id, inventory_slot_id),
    CONSTRAINT trade_offer_item_quantity_positive CHECK (quantity > 0)
);

CREATE TABLE game_data.trade_offer_currencies (
    trade_id BIGINT NOT NULL REFERENCES game_data.trade_sessions(trade_id) ON DELETE CASCADE,
    character_id BIGINT NOT NULL REFERENCES game_data.characters(character_id) ON DELETE CASCADE,
    currency_type VARCHAR(30) NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (trade_id, character_id, currency_type),
    CONSTRAINT trade_offer_currency_positive CHECK (amount > 0),
    CONSTRAINT trade_offer_currency_type CHECK (currency_type IN ('gold', 'gems', 'pvp_tokens', 'event_currency'))
);

-- ------------------------------------------------------------------ economy ledger and snapshots
-- Money and items that enter or leave the economy other than through the market and trades
-- (seed data, quest rewards, staff grants, drops, crafting, consumption). The conservation check
-- compares today's totals with a snapshot plus the ledger entries written since.
CREATE TABLE game_data.economy_ledger (
    entry_id BIGSERIAL PRIMARY KEY,
    currency_type VARCHAR(30),
    item_id INT,
    amount BIGINT NOT NULL,
    source VARCHAR(30) NOT NULL,
    character_id BIGINT,
    note TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT economy_ledger_one_subject CHECK ((currency_type IS NULL) <> (item_id IS NULL)),
    CONSTRAINT economy_ledger_amount_nonzero CHECK (amount <> 0),
    CONSTRAINT economy_ledger_currency_type CHECK (currency_type IS NULL OR currency_type IN ('gold', 'gems', 'pvp_tokens', 'event_currency')),
    CONSTRAINT economy_ledger_source CHECK (source IN ('seed', 'quest_reward', 'staff_grant', 'drop', 'craft', 'consumed', 'character_created', 'other'))
);

CREATE TABLE game_data.economy_snapshots (
    snapshot_id BIGSERIAL PRIMARY KEY,
    taken_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    -- Ledger entries up to and including this id are already inside `totals`.
    last_ledger_entry_id BIGINT NOT NULL DEFAULT 0,
    -- {"currencies": {"gold": n, ...}, "items": {"<item_id>": n, ...}}: balances + fees per currency,
    -- units in inventories + active listings + mailbox per item.
    totals JSONB NOT NULL,
    note TEXT,
    CONSTRAINT economy_snapshot_totals_shape CHECK (totals ? 'currencies' AND totals ? 'items')
);

-- ------------------------------------------------------------------ indexes for the market's queries
-- Browse without an item filter: active listings by unit price, listing_id as the cursor's tie-breaker.
CREATE INDEX idx_marketplace_active_price
    ON game_data.marketplace_listings(price_per_unit, listing_id)
    WHERE status = 'active';
-- A seller's history, newest first.
CREATE INDEX idx_marketplace_seller_listed
    ON game_data.marketplace_listings(seller_character_id, listed_at DESC);
-- Full-text search on item names ('simple': item names are proper nouns, no stemming).
CREATE INDEX idx_items_name_fts
    ON game_data.items_master USING GIN (to_tsvector('simple', item_name));
-- Price history per item: completed purchases by day.
CREATE INDEX idx_transactions_item_purchases
    ON game_data.transactions(item_id, created_at)
    WHERE transaction_type = 'purchase' AND transaction_status = 'completed';

-- ------------------------------------------------------------------ audit
CREATE TRIGGER audit_market_fees
AFTER INSERT OR UPDATE OR DELETE ON game_data.market_fees
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_market_mailbox
AFTER INSERT OR UPDATE OR DELETE ON game_data.market_mailbox
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_trade_sessions
AFTER INSERT OR UPDATE OR DELETE ON game_data.trade_sessions
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_trade_offer_items
AFTER INSERT OR UPDATE OR DELETE ON game_data.trade_offer_items
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_trade_offer_currencies
AFTER INSERT OR UPDATE OR DELETE ON game_data.trade_offer_currencies
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

CREATE TRIGGER audit_economy_ledger
AFTER INSERT OR UPDATE OR DELETE ON game_data.economy_ledger
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

-- ------------------------------------------------------------------ grants
-- Default privileges (0001) already give game_app_read/analytics_read SELECT, game_app_write
-- SELECT/INSERT/UPDATE and game_admin ALL on these tables; stated again so the file reads on its own.
GRANT SELECT ON game_data.market_fees, game_data.market_idempotency_keys, game_data.market_mailbox,
    game_data.trade_sessions, game_data.trade_offer_items, game_data.trade_offer_currencies,
    game_data.economy_ledger, game_data.economy_snapshots
    TO game_app_read, analytics_read;
GRANT SELECT, INSERT, UPDATE ON game_data.market_fees, game_data.market_idempotency_keys, game_data.market_mailbox,
    game_data.trade_sessions, game_data.trade_offer_items, game_data.trade_offer_currencies,
    game_data.economy_ledger, game_data.economy_snapshots
    TO game_app_write;
GRANT ALL PRIVILEGES ON game_data.market_fees, game_data.market_idempotency_keys, game_data.market_mailbox,
    game_data.trade_sessions, game_data.trade_offer_items, game_data.trade_offer_currencies,
    game_data.economy_ledger, game_data.economy_snapshots
    TO game_admin;
-- Escrow removes emptied inventory slots; withdrawing a trade offer removes its rows.
GRANT DELETE ON game_data.character_inventory, game_data.trade_offer_items, game_data.trade_offer_currencies TO game_app_write;
-- Fees and the economy ledger are append-only for the application: editing them would hide minted money.
REVOKE UPDATE ON game_data.market_fees, game_data.economy_ledger FROM game_app_write;
