-- DropForeignKey
ALTER TABLE "error_event" DROP CONSTRAINT "error_event_api_key_id_fkey";

-- DropForeignKey
ALTER TABLE "error_event" DROP CONSTRAINT "error_event_problem_id_fkey";
