-- Per-problem figures of every district (issue 26, item 3). They were summed from rollups with the
-- district (and the client, or the status) in their key: at a state's width, about one row of
-- ~460 bytes per event, so a read of every district's problems read about every event's row.
-- problem_day keeps a problem's events per UTC day with the day's quarter-hours (running totals,
-- as the other rollups), one row per problem and day whatever the districts:
--  - the whole UTC days of a range are read from problem_day_day_idx alone (an index-only scan of
--    day, problem and events: ~30 bytes a row), never the running totals;
--  - the days a range cuts in the viewer's zone (at most two a period), and a page's problems
--    (their trend column), read the running totals of their rows.
CREATE TABLE "problem_day" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "problem_day_pkey" PRIMARY KEY ("problem_id","day")
);
CREATE INDEX "problem_day_day_idx" ON "problem_day"("day") INCLUDE ("problem_id", "events");

-- From problem_trend_day, which holds every folded count, of retired months too (their events are
-- gone, their counts are kept); the pending counts join it at the next fold. Under the fold lock,
-- with problem_trend_day's writers held off, so that no fold runs between the sum and the commit.
-- A process of the version before does not write this table: every process should run this
-- version from here on (`npm run rollups -- verify` shows a table left behind; rebuild repairs it).
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE problem_trend_day IN SHARE MODE;

INSERT INTO problem_day (problem_id, day, events, cumulative)
SELECT problem_id, day, sum(events)::int, int_array_sum(cumulative) FROM problem_trend_day GROUP BY 1, 2;
