-- Events partitioned by month (of occurred_at, UTC), so that retention drops a month in one
-- statement instead of deleting its rows (lib/retention). The same schema on PGlite and PostgreSQL.
--
-- 1. Idempotency moves out of error_event: a unique index on a partitioned table must contain the
--    partition key, and (api key, eventId) must stay unique across months. event_key holds each
--    stored eventId with the row it names.
CREATE TABLE "event_key" (
  "event_id"    TEXT           NOT NULL,
  "api_key_id"  INTEGER        NOT NULL,
  "event_row"   BIGINT         NOT NULL,
  "occurred_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "event_key_pkey" PRIMARY KEY ("event_id", "api_key_id")
);
-- Retention deletes the keys of retired months by time.
CREATE INDEX "event_key_occurred_at_idx" ON "event_key" USING BRIN ("occurred_at");

-- 2. The months retention has dropped: their events are gone, their counts stay in the rollups.
--    Events are kept from the month after the latest of them (rollups verify compares from there).
CREATE TABLE "retired_month" (
  "month"      DATE           NOT NULL,
  "events"     BIGINT         NOT NULL,
  "retired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "retired_month_pkey" PRIMARY KEY ("month")
);

-- 3. The partitioned table, with the rows of the old one.
ALTER SEQUENCE "error_event_id_seq" OWNED BY NONE;
ALTER TABLE "error_event" RENAME TO "error_event_unpartitioned";
CREATE TABLE "error_event" (LIKE "error_event_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurred_at");

-- A default partition catches a row of a month without its own partition (a writer that did not
-- ask for it first): no insert ever fails for want of a partition.
CREATE TABLE "error_event_default" PARTITION OF "error_event" DEFAULT;

-- The one definition of a month's partition, used here and at run time (lib/retention/partitions.ts):
-- created apart, given the month's rows the default partition holds, and attached, which locks the
-- parent less than CREATE TABLE … PARTITION OF (SHARE UPDATE EXCLUSIVE: reads and writes go on).
-- Bounds in UTC. Returns whether it created it.
CREATE FUNCTION "event_month_partition"(month DATE) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  first DATE := date_trunc('month', month)::date;
  name TEXT := 'error_event_' || to_char(first, 'YYYY_MM');
  lower TEXT := to_char(first, 'YYYY-MM-DD') || ' 00:00:00+00';
  upper TEXT := to_char((first + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00';
BEGIN
  IF to_regclass(name) IS NOT NULL THEN RETURN FALSE; END IF;
  EXECUTE format('CREATE TABLE %I (LIKE error_event INCLUDING DEFAULTS)', name);
  EXECUTE format('WITH moved AS (DELETE FROM error_event_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                 lower, upper, name);
  EXECUTE format('ALTER TABLE error_event ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lower, upper);
  RETURN TRUE;
END $$;

SELECT "event_month_partition"(m)
  FROM (SELECT DISTINCT (date_trunc('month', "occurred_at" AT TIME ZONE 'UTC'))::date AS m FROM "error_event_unpartitioned"
        UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC'))::date
        UNION SELECT (date_trunc('month', (now() + interval '1 day') AT TIME ZONE 'UTC'))::date) months
 ORDER BY m;

INSERT INTO "error_event" SELECT * FROM "error_event_unpartitioned";
INSERT INTO "event_key" ("event_id", "api_key_id", "event_row", "occurred_at")
  SELECT "event_id", "api_key_id", "id", "occurred_at" FROM "error_event_unpartitioned" WHERE "event_id" IS NOT NULL;
DROP TABLE "error_event_unpartitioned";
ALTER SEQUENCE "error_event_id_seq" OWNED BY "error_event"."id";

-- Its indexes (each partition gets its own): the primary key now includes the partition key.
ALTER TABLE "error_event" ADD CONSTRAINT "error_event_pkey" PRIMARY KEY ("id", "occurred_at");
CREATE INDEX "error_event_problem_id_occurred_at_idx" ON "error_event" ("problem_id", "occurred_at" DESC);
CREATE INDEX "error_event_occurred_at_idx" ON "error_event" USING BRIN ("occurred_at");
CREATE INDEX "error_event_client_remappable" ON "error_event" ("client") WHERE "lea_mapped" OR "lea" IS NULL;
CREATE INDEX "error_event_partial" ON "error_event" ("id") WHERE "partial";
CREATE INDEX "error_event_correlation_id_lower_idx" ON "error_event" (lower("correlation_id") text_pattern_ops);

-- 4. Search texts by month, so that a retired month's texts go with its events (FERPA data
--    minimisation: a message may quote a student's identifier). The counts are rebuilt from the
--    events right after this migration (lib/db/migrate.ts, its follow-up step), since a text is
--    derived from its body in code.
DROP INDEX "event_message_problem_id_digest_key";
ALTER TABLE "event_message" ADD COLUMN "month" DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE "event_message" ALTER COLUMN "month" DROP DEFAULT;
TRUNCATE "event_message";
CREATE UNIQUE INDEX "event_message_problem_id_month_digest_key" ON "event_message" ("problem_id", "month", "digest");
CREATE INDEX "event_message_month_idx" ON "event_message" ("month");
