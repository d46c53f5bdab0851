-- CreateTable
CREATE TABLE "event_alias" (
    "event_id" TEXT NOT NULL,
    "api_key_id" INTEGER NOT NULL,
    "target_id" BIGINT NOT NULL,

    CONSTRAINT "event_alias_pkey" PRIMARY KEY ("event_id","api_key_id")
);

-- Enrichment looks for stored partial events by correlationId; ingest asks first whether any exist.
CREATE INDEX "error_event_partial_correlation" ON "error_event" ("correlation_id") WHERE "partial";
