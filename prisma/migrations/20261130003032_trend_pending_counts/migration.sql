-- CreateTable
CREATE TABLE "trend_pending" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "client" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "quarter" SMALLINT NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "trend_pending_pkey" PRIMARY KEY ("problem_id","day","lea","client","status","quarter")
);
