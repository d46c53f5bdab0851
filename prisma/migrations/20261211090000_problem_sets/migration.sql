-- Which problems have events on a UTC day in each district (and from each API client), as a set of
-- bits: the problem list's district and client facets and its groups' districts of every district
-- (issue 26). Counting them from problem_daily_count's (district, day) index reads one entry per
-- (problem, district, client) with events: ~760,000 for 30 days of 10M events over 500 districts,
-- 250-450 ms. A row here holds a day's problems of one district in one block of 16,384 problem ids
-- (`block` = id >> 14; bit id & 16383 set when the problem has events that day there), so 30 days
-- of 500 districts are ~15,000 rows ORed per district and counted (bit_count), ANDed with the
-- bits of the problems a filter keeps. Ids past one block add rows (only blocks with problems in
-- them are stored), so no bound on ids is needed. The fold keeps them (lib/ledger/problem-sets.ts):
-- a bit set when a pair gets events, a (day, district, block) recomputed from problem_daily_count
-- when a move takes events out of it. Pending counts are added by the reads (share_pending).
CREATE FUNCTION problem_bit(id BIGINT) RETURNS bit(16384)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT set_bit(repeat('0', 16384)::bit(16384), (id & 16383)::int, 1) $$;

CREATE TABLE "district_day_problems" (
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL,
    "block" INTEGER NOT NULL,
    "problems" bit(16384) NOT NULL,

    CONSTRAINT "district_day_problems_pkey" PRIMARY KEY ("day","lea","block")
);

CREATE TABLE "client_day_problems" (
    "day" DATE NOT NULL,
    "client" TEXT NOT NULL,
    "block" INTEGER NOT NULL,
    "problems" bit(16384) NOT NULL,

    CONSTRAINT "client_day_problems_pkey" PRIMARY KEY ("day","client","block")
);

-- From problem_daily_count, which holds every folded count, of retired months too (their events
-- are gone, their counts are kept); the pending counts join at the next fold. Under the fold lock,
-- with problem_daily_count's writers held off. A process of the version before does not write
-- these tables: every process should run this version from here on (`npm run rollups -- verify`
-- shows a table left behind; rebuild repairs it).
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE problem_daily_count IN SHARE MODE;

INSERT INTO district_day_problems (day, lea, block, problems)
SELECT day, lea, (problem_id >> 14)::int, bit_or(problem_bit(problem_id)) FROM problem_daily_count GROUP BY 1, 2, 3;

INSERT INTO client_day_problems (day, client, block, problems)
SELECT day, client, (problem_id >> 14)::int, bit_or(problem_bit(problem_id)) FROM problem_daily_count GROUP BY 1, 2, 3;
