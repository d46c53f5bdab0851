-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Team" AS ENUM ('dev', 'ops', 'data');

-- CreateEnum
CREATE TYPE "ProblemStatus" AS ENUM ('open', 'in_progress', 'resolved', 'ignored', 'regressed');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'triager', 'support', 'district_admin');

-- CreateTable
CREATE TABLE "error_event" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT,
    "url" TEXT,
    "status" INTEGER NOT NULL,
    "resource" TEXT,
    "lea" TEXT,
    "client" TEXT,
    "correlation_id" TEXT,
    "format" TEXT NOT NULL,
    "received_type" TEXT,
    "canonical_type" TEXT,
    "title" TEXT,
    "detail" TEXT,
    "messages" TEXT[],
    "body" JSONB,
    "request_body" JSONB,
    "request_headers" JSONB,
    "article_id" TEXT NOT NULL,
    "matched_articles" TEXT[],
    "route" "Team" NOT NULL,
    "alt" "Team",
    "fingerprint" TEXT NOT NULL,
    "problem_id" BIGINT NOT NULL,
    "api_key_id" INTEGER,

    CONSTRAINT "error_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "problem" (
    "id" BIGSERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "article_id" TEXT NOT NULL,
    "resource" TEXT,
    "signature" TEXT NOT NULL,
    "canonical_type" TEXT,
    "http_status" INTEGER,
    "title" TEXT,
    "sample_detail" TEXT,
    "route" "Team" NOT NULL,
    "alt" "Team",
    "triage_status" "ProblemStatus" NOT NULL DEFAULT 'open',
    "assigned_team" "Team",
    "assignee_id" INTEGER,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "problem_daily_count" (
    "problem_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "lea" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,

    CONSTRAINT "problem_daily_count_pkey" PRIMARY KEY ("problem_id","day","lea")
);

-- CreateTable
CREATE TABLE "problem_activity" (
    "id" BIGSERIAL NOT NULL,
    "problem_id" BIGINT NOT NULL,
    "actor_id" INTEGER,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "problem_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "lea_codes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_rule" (
    "id" SERIAL NOT NULL,
    "article_id" TEXT,
    "resource" TEXT,
    "client" TEXT,
    "lea" TEXT,
    "team" "Team" NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routing_rule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "error_event_event_id_key" ON "error_event"("event_id");

-- CreateIndex
CREATE INDEX "error_event_correlation_id_idx" ON "error_event"("correlation_id");

-- CreateIndex
CREATE INDEX "error_event_problem_id_occurred_at_idx" ON "error_event"("problem_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "error_event_lea_occurred_at_idx" ON "error_event"("lea", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "error_event_occurred_at_idx" ON "error_event"("occurred_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "problem_fingerprint_key" ON "problem"("fingerprint");

-- CreateIndex
CREATE INDEX "problem_last_seen_at_idx" ON "problem"("last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "problem_article_id_idx" ON "problem"("article_id");

-- CreateIndex
CREATE INDEX "problem_daily_count_lea_day_idx" ON "problem_daily_count"("lea", "day");

-- CreateIndex
CREATE INDEX "problem_daily_count_day_idx" ON "problem_daily_count"("day");

-- CreateIndex
CREATE INDEX "problem_activity_problem_id_created_at_idx" ON "problem_activity"("problem_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- AddForeignKey
ALTER TABLE "error_event" ADD CONSTRAINT "error_event_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "error_event" ADD CONSTRAINT "error_event_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem" ADD CONSTRAINT "problem_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem_daily_count" ADD CONSTRAINT "problem_daily_count_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem_activity" ADD CONSTRAINT "problem_activity_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem_activity" ADD CONSTRAINT "problem_activity_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
