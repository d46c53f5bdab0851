-- The per-client totals of every district's trends page (issue 26, item 3). They were summed from
-- client_trend_day, a row per day × district × client: at a state's width (500 districts, 200
-- clients) about one row per event, so a 90-day page and its period before read millions of rows
-- at 10,000,000 events. client_day has the same counts without the district: at most clients ×
-- days rows, with the day's quarter-hours as running totals. A district admin's page still reads
-- their districts' client_trend_day rows.
CREATE TABLE "client_day" (
    "day" DATE NOT NULL,
    "client" TEXT NOT NULL DEFAULT '',
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "client_day_pkey" PRIMARY KEY ("day","client")
);

-- From client_trend_day, which holds every folded count, of retired months too (their events are
-- gone, their counts are kept); the pending counts join it at the next fold. Under the fold lock,
-- with client_trend_day's writers held off, so that no fold runs between the sum and the commit.
-- A process of the version before does not write this table: every process should run this
-- version from here on (`npm run rollups -- verify` shows a table left behind; rebuild repairs it).
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE client_trend_day IN SHARE MODE;

INSERT INTO client_day (day, client, events, cumulative)
SELECT day, client, sum(events)::int, int_array_sum(cumulative) FROM client_trend_day GROUP BY 1, 2;
