-- A route change and a fold both write trend_day and trend_all_day rows. The fold reads a rollup
-- row, adds its counts in code and writes the row whole; a row the route-change trigger created
-- between the two lost the trigger's quarter-hours (its events stayed right), and the fold, which
-- locks the rows it found before the ones it creates, could deadlock with the trigger, which locks
-- in key order. Every writer of folded rows now holds the fold lock (lib/ledger/apply.ts
-- holdFoldLock, taken before any problem row): the fold, moves and rebuild did; a route change
-- (assignment, re-routing) now does too, and the trigger refuses one that does not.
CREATE OR REPLACE FUNCTION move_problems_trend() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE coalesce(o.assigned_team, o.route) IS DISTINCT FROM coalesce(n.assigned_team, n.route)) THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                    AND classid = 0 AND objid = 7264001 AND objsubid = 1) THEN
    RAISE EXCEPTION 'a route change must hold the fold lock first (SELECT pg_advisory_xact_lock(7264001) before locking problems; lib/ledger/apply.ts holdFoldLock)';
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
  DELETE FROM trend_all_day t WHERE t.events = 0
     AND t.day IN (SELECT d.day FROM problem_trend_day d JOIN new_rows n ON n.id = d.problem_id);
  RETURN NULL;
END $$;

-- The two series rollups again from trend_day, under the fold lock and with trend_day held still
-- (a server of the version before, still running beside this one's migration, folds or re-routes
-- into trend_day only, and would otherwise leave them behind). Every process should run this
-- version from here on; `npm run rollups -- verify` shows a table left behind, `rebuild` repairs it.
SELECT pg_advisory_xact_lock(7264001);
LOCK TABLE trend_day IN SHARE MODE;
TRUNCATE trend_all_day, trend_district_day;
INSERT INTO trend_all_day (day, status, route, events, cumulative)
SELECT day, status, route, sum(events)::int, int_array_sum(cumulative) FROM trend_day GROUP BY 1, 2, 3;

INSERT INTO trend_district_day (day, lea, events, cumulative)
SELECT day, lea, sum(events)::int, int_array_sum(cumulative) FROM trend_day GROUP BY 1, 2;
