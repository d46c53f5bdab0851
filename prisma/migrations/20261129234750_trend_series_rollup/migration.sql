-- CreateTable
CREATE TABLE "trend_day" (
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "route" "Team" NOT NULL,
    "events" INTEGER NOT NULL,
    "cumulative" INTEGER[],

    CONSTRAINT "trend_day_pkey" PRIMARY KEY ("day","lea","status","route")
);

-- Sums of running-total vectors (a problem's rows summed per day, district and status). STRICT:
-- the first vector starts the sum.
ALTER FUNCTION int_array_add(INTEGER[], INTEGER[]) STRICT;
CREATE AGGREGATE int_array_sum(INTEGER[]) (SFUNC = int_array_add, STYPE = INTEGER[]);
CREATE FUNCTION int_array_negate(a INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT array_agg(-x ORDER BY i) FROM unnest(a) WITH ORDINALITY AS u(x, i) $$;

-- A problem whose route changes (assignment, routing rule) takes its trend rows along: its counts
-- leave the old route's rows and join the new route's, in the same transaction, in key order
-- (the order ingest writes them in). Ingest reads the route under the problem's row lock, which
-- this update holds, so the two never count an event under different routes.
CREATE FUNCTION move_problem_trend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_route "Team" := coalesce(OLD.assigned_team, OLD.route);
  new_route "Team" := coalesce(NEW.assigned_team, NEW.route);
BEGIN
  IF old_route IS DISTINCT FROM new_route THEN
    INSERT INTO trend_day AS t (day, lea, status, route, events, cumulative)
    SELECT m.day, m.lea, m.status, m.route, m.events, m.cumulative
      FROM (SELECT d.day, d.lea, d.status, r.route,
                   (r.sign * sum(d.events))::int AS events,
                   CASE WHEN r.sign < 0 THEN int_array_negate(int_array_sum(d.cumulative)) ELSE int_array_sum(d.cumulative) END AS cumulative
              FROM problem_trend_day d CROSS JOIN (VALUES (old_route, -1), (new_route, 1)) AS r(route, sign)
             WHERE d.problem_id = NEW.id
             GROUP BY d.day, d.lea, d.status, r.route, r.sign) m
     ORDER BY m.day, m.lea COLLATE "C", m.status, m.route
    ON CONFLICT (day, lea, status, route) DO UPDATE SET events = t.events + EXCLUDED.events, cumulative = int_array_add(t.cumulative, EXCLUDED.cumulative);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER problem_route_moves_trend AFTER UPDATE OF route, assigned_team ON problem
  FOR EACH ROW EXECUTE FUNCTION move_problem_trend();

-- The series of the events stored so far.
INSERT INTO trend_day (day, lea, status, route, events, cumulative)
SELECT d.day, d.lea, d.status, coalesce(p.assigned_team, p.route), sum(d.events)::int, int_array_sum(d.cumulative)
  FROM problem_trend_day d JOIN problem p ON p.id = d.problem_id
 GROUP BY 1, 2, 3, 4;
