-- Per-problem figures of every district over long ranges (issue 26, item 3). The trends page of 90
-- days compares them with the 90 days before: 180 days of problem_day, ~900,000 index entries at
-- 10M-density events, most of the page's time. problem_month keeps a problem's events per UTC
-- month (`day`: the month's first day, so that the ledger's day-based verify, rebuild and
-- retention treat it as every other rollup): a month a period covers whole is read as one row a
-- problem, the days around it from problem_day (lib/queries/trends.ts problemTotalsSql).
CREATE TABLE "problem_month" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "problem_month_pkey" PRIMARY KEY ("problem_id","day"),
    CONSTRAINT "problem_month_first_day" CHECK (extract(day FROM "day") = 1)
);
CREATE INDEX "problem_month_day_idx" ON "problem_month"("day") INCLUDE ("problem_id", "events");

-- From problem_day, which holds every folded count, of retired months too (their events are gone,
-- their counts are kept); the pending counts join it at the next fold. Under the fold lock, with
-- problem_day's writers held off, so that no fold runs between the sum and the commit. A process
-- of the version before does not write this table: every process should run this version from
-- here on (`npm run rollups -- verify` shows a table left behind; rebuild repairs it).
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE problem_day IN SHARE MODE;

INSERT INTO problem_month (problem_id, day, events)
SELECT problem_id, date_trunc('month', day::timestamp)::date, sum(events)::int FROM problem_day GROUP BY 1, 2;
