-- 0032: browsing one currency by price. Nearly every listing is in gold, so a filter on a rarer currency walked most of
-- idx_marketplace_active_price to find a page; this index starts at the currency. See docs/market.md.
CREATE INDEX idx_marketplace_active_currency_price
    ON game_data.marketplace_listings(currency_type, price_per_unit, listing_id)
    WHERE status = 'active';
