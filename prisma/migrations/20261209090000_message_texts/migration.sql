-- Search by message words of every district (issue 26, item 3). event_message holds a row per
-- problem, UTC month, district and text: a common word matched ~1,400,000 of them at 10M-density
-- events, and every matched row was read and summed (6–7 s). Now each text is held once
-- (message_text, with its trigram index) and its events per problem and month across districts
-- (problem_message): a word is matched against the distinct texts, and only their problem rows are
-- summed.
-- Ingest appends a batch's counts to message_pending (no unique key: concurrent ingests never wait
-- on one another's rows, as with share_pending); the fold moves them into problem_message and
-- message_text under the fold lock, and reads add what is pending.
-- Backfilled from event_message (its distinct texts first: a few hundred, not a row each). A
-- process of the version before writes event_message but not message_pending: every process should
-- run this version from here on (`npm run rollups -- verify` shows what one left behind; rebuild
-- repairs it). The digest index is built in the migration's transaction: ingest waits for it (25 s
-- at 13,000,000 rows).
CREATE TABLE "message_text" (
    "digest" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "message_text_pkey" PRIMARY KEY ("digest")
);

CREATE TABLE "problem_message" (
    "problem_id" BIGINT NOT NULL,
    "month" DATE NOT NULL,
    "digest" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    CONSTRAINT "problem_message_pkey" PRIMARY KEY ("problem_id", "month", "digest")
);
CREATE INDEX "problem_message_digest_idx" ON "problem_message" ("digest") INCLUDE ("problem_id", "events");
CREATE INDEX "problem_message_month_idx" ON "problem_message" ("month");

CREATE TABLE "message_pending" (
    "problem_id" BIGINT NOT NULL,
    "month" DATE NOT NULL,
    "digest" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    CONSTRAINT "message_pending_events_positive" CHECK ("events" > 0)
);

-- Inside districts a word is matched against the same distinct texts, and the districts' rows of
-- each matching text are found by their digest (lea, U+0001, text): no scan of a district's rows,
-- and no trigram index on event_message any more (one entry per new row at ingest).
CREATE INDEX "event_message_digest_idx" ON "event_message" ("digest") INCLUDE ("problem_id", "events");
DROP INDEX "event_message_text_trgm";

INSERT INTO message_text (digest, text)
SELECT encode(sha256(convert_to(d.text, 'UTF8')), 'hex'), d.text FROM (SELECT DISTINCT text FROM event_message WHERE events > 0) d;
INSERT INTO problem_message (problem_id, month, digest, events)
SELECT problem_id, month, encode(sha256(convert_to(text, 'UTF8')), 'hex'), sum(events)::int
  FROM event_message WHERE events > 0 GROUP BY 1, 2, 3;
CREATE INDEX "message_text_text_trgm" ON "message_text" USING GIN ("text" gin_trgm_ops);
