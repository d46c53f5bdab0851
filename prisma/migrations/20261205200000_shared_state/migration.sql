-- What several server processes on one database share: each API key's ingest token buckets
-- (events and bytes), refilled by the database's clock. Unlogged: nothing here needs to survive
-- a crash (buckets start full again), and no WAL is written for a row updated on every request.
CREATE UNLOGGED TABLE "rate_bucket" (
  "name" TEXT NOT NULL,
  "key_id" INTEGER NOT NULL,
  "tokens" DOUBLE PRECISION NOT NULL,
  "at" TIMESTAMPTZ NOT NULL,
  "granted" BOOLEAN NOT NULL,
  PRIMARY KEY ("name", "key_id")
);

-- A key's own ingest rate (events per second); null: the configured TRIAGE_INGEST_RATE.
ALTER TABLE "api_key" ADD COLUMN "events_per_second" INTEGER CHECK ("events_per_second" BETWEEN 1 AND 1000000);
