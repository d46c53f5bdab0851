-- AlterTable
ALTER TABLE "error_event" ADD COLUMN     "classification_reason" TEXT;
