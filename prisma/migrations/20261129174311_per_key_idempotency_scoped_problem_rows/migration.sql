-- Idempotency per API key: one key's eventIds no longer suppress another key's events.
-- Events loaded without a key (demo data) get key 0.
DROP INDEX "error_event_event_id_key";

UPDATE "error_event" SET "api_key_id" = 0 WHERE "api_key_id" IS NULL;

ALTER TABLE "error_event" ALTER COLUMN "api_key_id" SET NOT NULL,
ALTER COLUMN "api_key_id" SET DEFAULT 0;

CREATE UNIQUE INDEX "error_event_api_key_id_event_id_key" ON "error_event"("api_key_id", "event_id");

-- Problems are shared by every district: they keep no text taken from one district's event.
ALTER TABLE "problem" DROP COLUMN "sample_detail",
DROP COLUMN "title";

-- First and last seen per rollup row, computed from the stored events, so that a district's view
-- of a shared problem is computed inside its scope.
ALTER TABLE "problem_daily_count" ADD COLUMN "first_seen_at" TIMESTAMPTZ(3),
ADD COLUMN "last_seen_at" TIMESTAMPTZ(3);

UPDATE "problem_daily_count" d
   SET "first_seen_at" = e.first_seen, "last_seen_at" = e.last_seen
  FROM (SELECT problem_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, coalesce(lea, '') AS lea,
               min(occurred_at) AS first_seen, max(occurred_at) AS last_seen
          FROM "error_event" GROUP BY 1, 2, 3) e
 WHERE d.problem_id = e.problem_id AND d.day = e.day AND d.lea = e.lea;

-- A rollup row without events cannot exist; should one, it takes its day's bounds.
UPDATE "problem_daily_count" SET "first_seen_at" = day::timestamptz, "last_seen_at" = day::timestamptz
 WHERE "first_seen_at" IS NULL;

ALTER TABLE "problem_daily_count" ALTER COLUMN "first_seen_at" SET NOT NULL,
ALTER COLUMN "last_seen_at" SET NOT NULL;
