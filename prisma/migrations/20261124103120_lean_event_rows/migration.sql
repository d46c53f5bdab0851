-- DropIndex
DROP INDEX "error_event_lea_occurred_at_idx";

-- AlterTable
ALTER TABLE "error_event" DROP COLUMN "detail",
DROP COLUMN "messages",
DROP COLUMN "title";
