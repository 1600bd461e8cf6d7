-- 0031: per-item price order with the cursor's tie-breaker, for searches that narrow the items first
-- (name words, type, rarity, level): each matching item's cheapest active listings are read from this index
-- and merged, instead of walking all active listings by price and filtering. See docs/market.md.
CREATE INDEX idx_marketplace_active_item_price
    ON game_data.marketplace_listings(item_id, price_per_unit, listing_id)
    WHERE status = 'active';
