-- share_pending rows carry the ingest batch that appended them (a random id per write
-- transaction): the process that wrote a batch keeps its counts in memory, and its fold deletes the
-- batch's rows without reading them back (lib/ledger/pending-batches.ts). Rows written before this
-- migration, or by another process, are read back as before (batch 0 is never remembered).
ALTER TABLE "share_pending" ADD COLUMN "batch" BIGINT NOT NULL DEFAULT 0;

-- Room on each page for a new version of a row: a message count's update stays on its page (a HOT
-- update) and does not index the text's trigrams again (−35% of its upsert on PGlite, bench).
ALTER TABLE "event_message" SET (fillfactor = 50);
