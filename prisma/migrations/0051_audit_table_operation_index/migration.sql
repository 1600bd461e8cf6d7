-- 0051: staff audit browser (issue 9). Filtering by table AND operation ("DELETEs on players") walked
-- idx_audit_log_table_time and threw away every other operation: seconds at 5 M rows when the combination is rare.
-- With the operation in the key, the newest matching rows are the first index entries, whatever the mix.
-- The runner wraps this file in a transaction (no CONCURRENTLY): on a large live database create it by hand first.
CREATE INDEX IF NOT EXISTS idx_audit_log_table_op_time
    ON game_data.audit_log (table_name, operation, change_timestamp DESC, audit_id DESC);
