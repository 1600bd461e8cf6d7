-- 0090: the audit browser's text filter searches the words and numbers of the changed data (full text), no longer
-- any substring of its JSON text (trigrams). Why: every audited write feeds this index (a market buy writes seven
-- audit rows), and a trigram GIN entry per three characters of the whole JSON — keys and timestamps included, ~200 per
-- row — was a third of a buy's cost (bench:market at 16 clients: buy p95 52 ms with it, 33 ms without). The values'
-- words are ~15 entries per row. Search semantics: every word of the query must be a word or number of some value, the
-- last one may be its start ("lifted dark_kni" finds a lift of dark_knight, "2012" finds item 2012); key names and the
-- middle of a word no longer match.
-- docs/staff.md ("Audit log"). On a large live database build the new index by hand first with
-- CREATE INDEX CONCURRENTLY under the same name; this file then only drops the old one and records itself.
CREATE INDEX IF NOT EXISTS idx_audit_log_changed_words
    ON game_data.audit_log USING GIN (jsonb_to_tsvector('simple'::regconfig, changed_data, '["string", "numeric"]'::jsonb));
DROP INDEX IF EXISTS game_data.idx_audit_log_changed_trgm;

-- The audit browser's text filter as a tsquery: every word required, the last one as a prefix (it may still be being
-- typed): 'lifted' & 'dark' & 'kni':*. PostgreSQL's parser splits the text exactly as it split the indexed values. Only
-- the last word is a prefix: a prefix of a common word ('row':*) makes GIN collect every row holding a word so starting
-- before it can intersect (200 ms at 5 M rows against 0.5 ms for 'row'). NULL when the text holds no word or number.
-- IMMUTABLE (to_tsvector with an explicit configuration is), so with a constant argument the planner evaluates it while
-- planning and estimates the matches from the index's statistics; computed per row or as a subquery it cannot, and it
-- walked the time index computing every row's words (minutes at 5 M rows).
CREATE OR REPLACE FUNCTION game_data.audit_words_query(p_text text)
RETURNS tsquery
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    WITH words AS (SELECT lexeme, positions FROM unnest(to_tsvector('simple'::regconfig, p_text)))
    SELECT string_agg(quote_literal(lexeme) || CASE WHEN last.position = ANY (words.positions) THEN ':*' ELSE '' END, ' & ')::tsquery
      FROM words, (SELECT max(p) AS position FROM words, unnest(words.positions) AS p) AS last
$$;
