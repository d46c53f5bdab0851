-- Alerts (issue 24): a "new" rule may fire per district — when a problem gets its first event in a
-- district (lib/alerts/record.ts, recordNewInDistrict), once per problem and district per quiet period.
ALTER TABLE "alert_rule" ADD COLUMN "per_district" BOOLEAN NOT NULL DEFAULT false;
-- "Has this problem had events in this district?" by one index probe per pair (the primary key's
-- (problem_id, day, …) would scan every day of the problem).
CREATE INDEX "problem_daily_count_problem_id_lea_idx" ON "problem_daily_count"("problem_id", "lea");
