-- AlterTable
ALTER TABLE "error_event" ADD COLUMN     "log_evidence" JSONB,
ADD COLUMN     "partial" BOOLEAN NOT NULL DEFAULT false;
