-- 0090: the audit browser's text filter searches the words and numbers of the changed data (full text), no longer
-- any substring of its JSON text (trigrams). Why: every audited write feeds this index (a market buy writes seven
-- audit rows), and a trigram GIN entry per three characters of the whole JSON — keys and timestamps included, ~200 per
-- row — was a third of a buy's cost (bench:market at 16 clients: buy p95 52 ms with it, 33 ms without). The values'
-- words are ~15 entries per row. Search semantics: every word of the query must start a word or number of some value
-- ("dark_kni" finds dark_knight, "2012" finds item 2012); key names and the middle of a word no longer match.
-- docs/staff.md ("Audit log"). On a large live database build the new index by hand first with
-- CREATE INDEX CONCURRENTLY under the same name; this file then only drops the old one and records itself.
CREATE INDEX IF NOT EXISTS idx_audit_log_changed_words
    ON game_data.audit_log USING GIN (jsonb_to_tsvector('simple'::regconfig, changed_data, '["string", "numeric"]'::jsonb));
DROP INDEX IF EXISTS game_data.idx_audit_log_changed_trgm;
