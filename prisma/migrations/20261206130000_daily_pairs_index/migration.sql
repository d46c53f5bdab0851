-- Which problems have events in which district (or from which client) over a range: the district
-- and client facets of the problem list, and the districts of a page's rows (issue 26, item 3).
-- On a whole UTC day a problem_daily_count row means events (a row left at zero is deleted), so
-- those pairs are read from this index alone (day, problem, district, client: ~40 bytes an entry)
-- instead of the rows (~460 bytes with their quarter-hours); the days a range cuts still read
-- the rows' quarter-hours. No column of it changes on an update: the fold's updates stay HOT.
DROP INDEX "problem_daily_count_day_idx";
CREATE INDEX "problem_daily_count_day_idx" ON "problem_daily_count"("day") INCLUDE ("problem_id", "lea", "client");
