-- DropIndex
DROP INDEX "error_event_occurred_at_idx";

-- CreateIndex
CREATE INDEX "error_event_occurred_at_idx" ON "error_event" USING BRIN ("occurred_at");
