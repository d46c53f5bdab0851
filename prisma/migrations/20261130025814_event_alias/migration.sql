-- CreateTable
CREATE TABLE "event_alias" (
    "event_id" TEXT NOT NULL,
    "api_key_id" INTEGER NOT NULL,
    "target_id" BIGINT NOT NULL,

    CONSTRAINT "event_alias_pkey" PRIMARY KEY ("event_id","api_key_id")
);

-- Ingest asks whether any partial event exists before it looks for one to complete: the ids of
-- partial events, appended in order (an index on their correlationIds too would double the cost
-- of every imported event's random-key index insert; the correlation_id index serves the look-up).
CREATE INDEX "error_event_partial" ON "error_event" ("id") WHERE "partial";
