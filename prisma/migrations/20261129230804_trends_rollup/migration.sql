-- CreateTable
CREATE TABLE "problem_trend_day" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "problem_trend_day_pkey" PRIMARY KEY ("problem_id","day","lea","status")
);

-- CreateTable
CREATE TABLE "client_trend_day" (
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "client" TEXT NOT NULL DEFAULT '',
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "client_trend_day_pkey" PRIMARY KEY ("day","lea","client")
);

-- CreateIndex
CREATE INDEX "problem_trend_day_day_lea_idx" ON "problem_trend_day"("day", "lea");

-- Element-wise sum of two running-total vectors: a rollup upsert adds a batch's to a row's.
CREATE FUNCTION int_array_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) $$;

-- A day's 97 running totals from its events' quarter-hours (0..95) and their counts.
CREATE FUNCTION quarter_hour_totals(slots INTEGER[], counts INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_agg((SELECT coalesce(sum(c), 0)::int FROM unnest(slots, counts) AS u(s, c) WHERE s < k) ORDER BY k) FROM generate_series(0, 96) AS k $$;

-- An event's UTC day and quarter-hour of that day (0..95).
CREATE FUNCTION utc_day(t TIMESTAMPTZ) RETURNS DATE
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE 'UTC')::date $$;
CREATE FUNCTION utc_quarter_hour(t TIMESTAMPTZ) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(hour FROM t AT TIME ZONE 'UTC') * 4 + floor(extract(minute FROM t AT TIME ZONE 'UTC') / 15))::int $$;

-- The events stored so far, rolled up.
INSERT INTO problem_trend_day (problem_id, day, lea, status, events, cumulative)
SELECT problem_id, day, lea, status, sum(n)::int, quarter_hour_totals(array_agg(slot), array_agg(n))
  FROM (SELECT problem_id, utc_day(occurred_at) AS day, coalesce(lea, '') AS lea, status, utc_quarter_hour(occurred_at) AS slot, count(*)::int AS n
          FROM error_event GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4;

INSERT INTO client_trend_day (day, lea, client, events, cumulative)
SELECT day, lea, client, sum(n)::int, quarter_hour_totals(array_agg(slot), array_agg(n))
  FROM (SELECT utc_day(occurred_at) AS day, coalesce(lea, '') AS lea, coalesce(client, '') AS client, utc_quarter_hour(occurred_at) AS slot, count(*)::int AS n
          FROM error_event GROUP BY 1, 2, 3, 4) s
 GROUP BY 1, 2, 3;
