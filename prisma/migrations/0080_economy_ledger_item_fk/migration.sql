-- economy_ledger.item_id names an item whose units entered or left the economy (quest rewards, drops, crafting,
-- consumption). The conservation check groups by it, so an id that is not in items_master would be a flow of nothing
-- that can never balance. Items are never archived (unlike listings and transactions, which is why the fee and
-- idempotency tables carry no FK: docs/seed-deviations.md §25), so the reference can be enforced: an item with economy
-- history cannot be deleted (RESTRICT), and a typo'd id is refused when the flow is recorded.
-- NOT VALID + VALIDATE: existing rows are checked without holding the strongest lock for the whole scan.
ALTER TABLE game_data.economy_ledger
    ADD CONSTRAINT economy_ledger_item_id_fkey FOREIGN KEY (item_id) REFERENCES game_data.items_master (item_id) NOT VALID;
ALTER TABLE game_data.economy_ledger VALIDATE CONSTRAINT economy_ledger_item_id_fkey;
