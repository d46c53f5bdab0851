-- Trigram matching for substring search over event messages (/search): bundled with PGlite (loaded
-- in lib/db/pglite-worker.ts), part of PostgreSQL's contrib package.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "problem" ADD COLUMN     "route_reason" TEXT NOT NULL DEFAULT 'article default',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "problem_daily_count" DROP CONSTRAINT "problem_daily_count_pkey",
ADD COLUMN     "client" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "problem_daily_count_pkey" PRIMARY KEY ("problem_id", "day", "lea", "client");

-- CreateTable
CREATE TABLE "event_message" (
    "id" BIGSERIAL NOT NULL,
    "problem_id" BIGINT NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "digest" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "events" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "event_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saved_view" (
    "id" SERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_view_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_message_text_trgm" ON "event_message" USING GIN ("text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "event_message_problem_id_digest_key" ON "event_message"("problem_id", "digest");

-- CreateIndex
CREATE INDEX "saved_view_owner_id_idx" ON "saved_view"("owner_id");

-- AddForeignKey
ALTER TABLE "saved_view" ADD CONSTRAINT "saved_view_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Messages of events stored before this migration: the detail or message of their body (new
-- events get every message, from the same parser that classifies them), per problem and district.
INSERT INTO "event_message" ("problem_id", "lea", "digest", "text", "events")
SELECT t."problem_id", t."lea", encode(sha256(convert_to(t."lea" || chr(1) || t."text", 'UTF8')), 'hex'), t."text", count(*)
  FROM (SELECT "problem_id", coalesce("lea", '') AS "lea",
               left(coalesce("body"->>'detail', "body"->>'message', "body"->>'error_description', "body" #>> '{}'), 8000) AS "text"
          FROM "error_event" WHERE "body" IS NOT NULL) t
 WHERE t."text" IS NOT NULL AND t."text" <> ''
 GROUP BY 1, 2, 3, 4;

-- The rollup gains the API client: rebuilt from the events.
DELETE FROM "problem_daily_count";
INSERT INTO "problem_daily_count" ("problem_id", "day", "lea", "client", "count", "first_seen_at", "last_seen_at")
SELECT "problem_id", ("occurred_at" AT TIME ZONE 'UTC')::date, coalesce("lea", ''), coalesce("client", ''), count(*), min("occurred_at"), max("occurred_at")
  FROM "error_event" GROUP BY 1, 2, 3, 4;
