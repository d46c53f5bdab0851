-- A correlationId is found in any letter case and by its first characters (support pastes what a
-- log or an e-mail shows): the index is on its lower-case form, in an operator class that serves
-- `LIKE 'prefix%'` in every collation. It replaces the plain index (one index per event, not two);
-- exact matches (enrichment) read it too, through lower(correlation_id) = lower(…).
DROP INDEX IF EXISTS "error_event_correlation_id_idx";
CREATE INDEX "error_event_correlation_id_lower_idx" ON "error_event" (lower("correlation_id") text_pattern_ops);
