-- Alerts (issue 24): a "new" rule may fire per district — when a problem gets its first event in a
-- district (lib/alerts/record.ts, recordNewInDistrict), once per problem and district per quiet period.
ALTER TABLE "alert_rule" ADD COLUMN "per_district" BOOLEAN NOT NULL DEFAULT false;
