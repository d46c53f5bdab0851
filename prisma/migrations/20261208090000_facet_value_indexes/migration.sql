-- The district and client facets of the problem list, of every district (issue 26, item 3): per
-- district (client), one range scan of its days in an index that holds the problem, and a count
-- of distinct problems over those entries alone (lib/queries/problem-filters.ts problemsPerValue),
-- instead of hashing every (district, problem) pair of the range at once.
-- (lea, day) gains problem_id and client; (client, day) is new. No column of either changes on an
-- update: the fold's updates stay HOT. A row the fold inserts writes one more index entry.
-- The new indexes are built first (reads go on meanwhile; writes wait), the old one dropped last,
-- so that reads wait only for the drop and the rename, not for the builds.
CREATE INDEX "problem_daily_count_lea_day_with_problem_idx" ON "problem_daily_count"("lea", "day") INCLUDE ("problem_id", "client");
CREATE INDEX "problem_daily_count_client_day_idx" ON "problem_daily_count"("client", "day") INCLUDE ("problem_id", "lea");
DROP INDEX "problem_daily_count_lea_day_idx";
ALTER INDEX "problem_daily_count_lea_day_with_problem_idx" RENAME TO "problem_daily_count_lea_day_idx";
-- What that read relies on, held by the database: a pending count is a count of new events (ingest
-- appends them; moves fold the problems' pending counts first and change the folded rows), so a
-- pending row means events.
ALTER TABLE "share_pending" ADD CONSTRAINT "share_pending_events_positive" CHECK ("events" > 0);
