-- The trends page's district changes: each district's events over the period before the range
-- are read from this index alone for the period's whole UTC days (day, district, events: ~24
-- bytes an entry) instead of the rows (~400 bytes with their quarter-hours); the two days its
-- ends cut still read the rows (lib/queries/trends.ts districtSeriesSql). 90 days of 500
-- districts: 45,000 entries instead of 45,000 rows, the statement 124 -> 109 ms at 10M events.
-- `events` changes on every fold of its row, so those updates are no longer HOT: one more index
-- entry per district and day a fold touches (at most a few hundred a fold).
CREATE INDEX "trend_district_day_day_events_idx" ON "trend_district_day"("day") INCLUDE ("lea", "events");
