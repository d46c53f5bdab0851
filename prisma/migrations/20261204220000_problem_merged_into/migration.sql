-- A problem whose every event was reclassified into other problems (npm run reclassify) keeps its
-- triage history and says where its events went: the problem that received most of them.
ALTER TABLE "problem" ADD COLUMN "merged_into_id" BIGINT;
