-- The problem sets by UTC week (issue 26): which problems have events in each district (and from
-- each API client) in the week from a Monday (`day`), as district_day_problems' bits ORed over its
-- seven days. A range's whole weeks read one row per district and block instead of seven: 90 days
-- of 500 districts ORed ~45,000 day rows (133 of the district facet's 193 ms at 10M events); now
-- ~12 week rows per district and the few days around them. The fold keeps them with the day sets
-- (lib/ledger/problem-sets.ts): a day row's bits after a pair got events ORed into its week, a
-- week a move took events out of ORed again from its days. Every week is the OR of its days, of
-- retired months too (`npm run rollups -- verify` checks it; rebuild sums them again from them).
-- Under the fold lock, with the day sets' writers held off. A process of the version before does
-- not write these tables: every process should run this version from here on.
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE district_day_problems, client_day_problems IN SHARE MODE;

CREATE TABLE "district_week_problems" (
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL,
    "block" INTEGER NOT NULL,
    "problems" bit(16384) NOT NULL,

    CONSTRAINT "district_week_problems_pkey" PRIMARY KEY ("day","lea","block")
);

CREATE TABLE "client_week_problems" (
    "day" DATE NOT NULL,
    "client" TEXT NOT NULL,
    "block" INTEGER NOT NULL,
    "problems" bit(16384) NOT NULL,

    CONSTRAINT "client_week_problems_pkey" PRIMARY KEY ("day","client","block")
);

-- (`day::timestamp`: a date's date_trunc would go through the session's time zone.)
INSERT INTO district_week_problems (day, lea, block, problems)
SELECT date_trunc('week', day::timestamp)::date, lea, block, bit_or(problems) FROM district_day_problems GROUP BY 1, 2, 3;

INSERT INTO client_week_problems (day, client, block, problems)
SELECT date_trunc('week', day::timestamp)::date, client, block, bit_or(problems) FROM client_day_problems GROUP BY 1, 2, 3;
