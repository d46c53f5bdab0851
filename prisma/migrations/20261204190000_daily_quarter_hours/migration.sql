-- Ranges in the viewer's time zone (issue 20, item 4): a local day starts at a quarter-hour of a
-- UTC day, so the list, the problem page and the API count the partial UTC days at a range's ends
-- from problem_daily_count's own quarter-hour running totals (as the trend rollups keep them).
ALTER TABLE "problem_daily_count" ADD COLUMN "cumulative" INTEGER[];

-- What reads see: folded rows (their running totals) and pending counts (their quarter-hour); a
-- read takes a range's events of a row from whichever it has (lib/queries/time-range.ts).
DROP VIEW problem_daily_live;
CREATE VIEW problem_daily_live AS
SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at, cumulative, NULL::smallint AS quarter FROM problem_daily_count
UNION ALL
SELECT problem_id, day, lea, client, events, first_seen_at, last_seen_at, NULL::int[], quarter FROM share_pending;

-- Every rollup again from the events, with its one definition (lib/ledger/definitions.ts); the
-- pending counts are in the events, so they go too.
TRUNCATE "problem_daily_count", "problem_trend_day", "trend_day", "client_trend_day", "share_pending";
INSERT INTO problem_daily_count (problem_id, day, lea, client, count, first_seen_at, last_seen_at, cumulative)
SELECT problem_id, day, lea, client, sum(n)::int AS count,
       min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT e.problem_id, utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client,
               utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n, min(e.occurred_at) AS first_seen_at, max(e.occurred_at) AS last_seen_at
          FROM error_event e WHERE TRUE GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4;

INSERT INTO problem_trend_day (problem_id, day, lea, status, events, cumulative)
SELECT problem_id, day, lea, status, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT e.problem_id, utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, e.status, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE TRUE GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4;

INSERT INTO trend_day (day, lea, status, route, events, cumulative)
SELECT day, lea, status, route, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, e.status, coalesce(p.assigned_team, p.route) AS route, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e JOIN problem p ON p.id = e.problem_id WHERE TRUE GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4;

INSERT INTO client_trend_day (day, lea, client, events, cumulative)
SELECT day, lea, client, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE TRUE GROUP BY 1, 2, 3, 4) s
 GROUP BY 1, 2, 3;
