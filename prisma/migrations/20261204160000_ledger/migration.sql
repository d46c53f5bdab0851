-- One ledger for every count (issue 20). Derived state: problem_daily_count, problem_trend_day,
-- trend_day, client_trend_day, event_message, and share_pending (counts of new events not yet
-- folded). The problem row's own counters are dropped: no page, query or API read them.
DROP INDEX IF EXISTS "problem_last_seen_at_idx";
ALTER TABLE "problem" DROP COLUMN "event_count", DROP COLUMN "first_seen_at", DROP COLUMN "last_seen_at";

-- Counts of new events, appended by ingest (no key: concurrent ingests never wait on each other's
-- rows), folded into the rollups by the background folder (lib/ledger/fold.ts); reads add them.
CREATE TABLE "share_pending" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "client" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "quarter" SMALLINT NOT NULL,
    "events" INTEGER NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL
);
DROP TABLE "trend_pending";

-- A route change (assignment, routing rule) moves the problems' folded trend counts from the old
-- route's trend_day rows to the new one's: once per statement, all rows of the statement's
-- problems in one key order (a per-row trigger locked each problem's rows in turn: two statements
-- over several problems could lock them in different orders), rows left at zero deleted.
DROP TRIGGER "problem_route_moves_trend" ON "problem";
DROP FUNCTION move_problem_trend();
CREATE FUNCTION move_problems_trend() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE coalesce(o.assigned_team, o.route) IS DISTINCT FROM coalesce(n.assigned_team, n.route)) THEN
    RETURN NULL;
  END IF;
  WITH changed AS (
    SELECT n.id, coalesce(o.assigned_team, o.route) AS old_route, coalesce(n.assigned_team, n.route) AS new_route
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE coalesce(o.assigned_team, o.route) IS DISTINCT FROM coalesce(n.assigned_team, n.route)),
  moved AS (
    SELECT d.day, d.lea, d.status, r.route, sum(r.sign * d.events)::int AS events,
           int_array_sum(CASE WHEN r.sign < 0 THEN int_array_negate(d.cumulative) ELSE d.cumulative END) AS cumulative
      FROM changed c JOIN problem_trend_day d ON d.problem_id = c.id
      CROSS JOIN LATERAL (VALUES (c.old_route, -1), (c.new_route, 1)) AS r(route, sign)
     GROUP BY d.day, d.lea, d.status, r.route)
  INSERT INTO trend_day AS t (day, lea, status, route, events, cumulative)
  SELECT m.day, m.lea, m.status, m.route, m.events, m.cumulative FROM moved m
   ORDER BY m.day, m.lea COLLATE "C", m.status, m.route
  ON CONFLICT (day, lea, status, route) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative);
  DELETE FROM trend_day t WHERE t.events = 0
     AND t.day IN (SELECT d.day FROM problem_trend_day d JOIN new_rows n ON n.id = d.problem_id);
  RETURN NULL;
END $$;
CREATE TRIGGER "problem_route_moves_trend" AFTER UPDATE ON "problem"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION move_problems_trend();

-- Every rollup again from the events, with its one definition (lib/ledger/definitions.ts): the
-- pending counts of the old write path were folded into some tables and not others.
TRUNCATE "problem_daily_count", "problem_trend_day", "trend_day", "client_trend_day";
INSERT INTO problem_daily_count (problem_id, day, lea, client, count, first_seen_at, last_seen_at)
SELECT e.problem_id, utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client,
       count(*)::int AS count, min(e.occurred_at) AS first_seen_at, max(e.occurred_at) AS last_seen_at
  FROM error_event e WHERE TRUE GROUP BY 1, 2, 3, 4;

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
DELETE FROM "event_message" WHERE events = 0;

-- What every read of the daily rollup sees: the folded rows and the pending counts (reads
-- aggregate, so a key may appear twice; predicates on the columns reach both branches).
CREATE VIEW problem_daily_live AS
SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at FROM problem_daily_count
UNION ALL
SELECT problem_id, day, lea, client, events, first_seen_at, last_seen_at FROM share_pending;
