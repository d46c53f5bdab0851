-- The trends series of every district (issue 26, item 3). By route and by status they were summed
-- from trend_day, a row per day × district × status × route: at a state's width (500 districts) a
-- 90-day page read 290,000 rows to draw 30 points. Two rollups without the dimensions those series
-- do not split by: trend_all_day (day × status × route, ~20 rows a day) for the route and status
-- series of every district, trend_district_day (day × district) for the per-district series. Both
-- keep the day's quarter-hours as running totals, like trend_day. trend_day stays: a district
-- admin's route and status series read only their districts' rows of it.
CREATE TABLE "trend_all_day" (
    "day" DATE NOT NULL,
    "status" INTEGER NOT NULL,
    "route" "Team" NOT NULL,
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "trend_all_day_pkey" PRIMARY KEY ("day","status","route")
);

CREATE TABLE "trend_district_day" (
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "trend_district_day_pkey" PRIMARY KEY ("day","lea")
);
-- A district admin's series: their districts' rows of a range, not every district's.
CREATE INDEX "trend_district_day_lea_day_idx" ON "trend_district_day"("lea", "day");

-- A route change moves the problems' folded counts in trend_all_day as in trend_day: once per
-- statement, in key order (trend_day first: the ledger's table order), rows left at zero deleted.
CREATE OR REPLACE FUNCTION move_problems_trend() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- The same move without the district, after trend_day (the ledger's table order).
  WITH changed AS (
    SELECT n.id, coalesce(o.assigned_team, o.route) AS old_route, coalesce(n.assigned_team, n.route) AS new_route
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE coalesce(o.assigned_team, o.route) IS DISTINCT FROM coalesce(n.assigned_team, n.route)),
  moved AS (
    SELECT d.day, d.status, r.route, sum(r.sign * d.events)::int AS events,
           int_array_sum(CASE WHEN r.sign < 0 THEN int_array_negate(d.cumulative) ELSE d.cumulative END) AS cumulative
      FROM changed c JOIN problem_trend_day d ON d.problem_id = c.id
      CROSS JOIN LATERAL (VALUES (c.old_route, -1), (c.new_route, 1)) AS r(route, sign)
     GROUP BY d.day, d.status, r.route)
  INSERT INTO trend_all_day AS t (day, status, route, events, cumulative)
  SELECT m.day, m.status, m.route, m.events, m.cumulative FROM moved m
   ORDER BY m.day, m.status, m.route
  ON CONFLICT (day, status, route) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative);
  DELETE FROM trend_day t WHERE t.events = 0
     AND t.day IN (SELECT d.day FROM problem_trend_day d JOIN new_rows n ON n.id = d.problem_id);
  DELETE FROM trend_all_day t WHERE t.events = 0
     AND t.day IN (SELECT d.day FROM problem_trend_day d JOIN new_rows n ON n.id = d.problem_id);
  RETURN NULL;
END $$;

-- Both from trend_day, which holds every folded count, of retired months too (their events are
-- gone, their counts are kept); the pending counts join every table at the next fold.
INSERT INTO trend_all_day (day, status, route, events, cumulative)
SELECT day, status, route, sum(events)::int, int_array_sum(cumulative) FROM trend_day GROUP BY 1, 2, 3;

INSERT INTO trend_district_day (day, lea, events, cumulative)
SELECT day, lea, sum(events)::int, int_array_sum(cumulative) FROM trend_day GROUP BY 1, 2;
