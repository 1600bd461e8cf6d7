-- 0053: staff audit browser (issue 9). One transaction writes all its audit rows with the same change_timestamp
-- (now() is the transaction's start), so a bulk change (a seed, the archive job, a 500-player bulk ban) leaves
-- tens of thousands of rows with one timestamp. The browser orders by (change_timestamp, audit_id); with indexes that
-- stop at change_timestamp, PostgreSQL had to read and sort every row of such a group to return 50 (70-130 ms at
-- 5 M rows). Rebuilt under the same names with audit_id as the last key column, the index gives the full order.
DROP INDEX IF EXISTS game_data.idx_audit_log_table_time;
CREATE INDEX idx_audit_log_table_time ON game_data.audit_log (table_name, change_timestamp DESC, audit_id DESC);
DROP INDEX IF EXISTS game_data.idx_audit_log_user_time;
CREATE INDEX idx_audit_log_user_time ON game_data.audit_log (user_id, change_timestamp DESC, audit_id DESC);
