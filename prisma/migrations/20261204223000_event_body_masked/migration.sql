-- Whether the event's response body and log evidence were stored with their quoted values masked
-- (TRIAGE_REDACT_RESPONSE_VALUES): ingest classified the event before masking, so today's
-- classifier cannot be run again on what is stored (npm run reclassify leaves such events where
-- they are). NULL: stored before this was recorded.
ALTER TABLE "error_event" ADD COLUMN "body_masked" BOOLEAN;
