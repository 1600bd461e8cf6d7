-- Two grants that the default privileges of 0001 handed out too generously (found when the schema suite was
-- extended to the market and search tables; docs/seed-deviations.md §28).

-- economy_snapshots holds the conservation check's baselines. If the application role could rewrite one, it could hide
-- minted money from the check without a trace: the app may only add snapshots, and every change is audited.
REVOKE UPDATE, DELETE ON game_data.economy_snapshots FROM game_app_write;
CREATE TRIGGER audit_economy_snapshots
AFTER INSERT OR UPDATE OR DELETE ON game_data.economy_snapshots
FOR EACH ROW EXECUTE FUNCTION game_data.audit_trigger_function();

-- search_outbox is written only by the SECURITY DEFINER outbox triggers and drained by the worker (which runs as the
-- owner). Forged or prematurely "processed" rows would silently desynchronise search, so the app role only reads it.
REVOKE INSERT, UPDATE, DELETE ON game_data.search_outbox FROM game_app_write;
