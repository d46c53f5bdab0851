-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('new', 'regressed', 'spiking', 'volume');

-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('webhook', 'email');

-- CreateTable
CREATE TABLE "alert_channel" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "slack_text" BOOLEAN NOT NULL DEFAULT false,
    "team" "Team",
    "leas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "route" "Team",
    "article_id" TEXT,
    "resource" TEXT,
    "client" TEXT,
    "leas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "factor" DOUBLE PRECISION NOT NULL DEFAULT 3,
    "min_events" INTEGER NOT NULL DEFAULT 10,
    "quiet_minutes" INTEGER NOT NULL DEFAULT 60,
    "channel_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "to_team" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_state" (
    "rule_id" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "quiet_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_state_pkey" PRIMARY KEY ("rule_id","subject")
);

-- CreateTable
CREATE TABLE "alert_outbox" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" INTEGER,
    "channel_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "problem_id" BIGINT,
    "leas" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "leased_by" TEXT,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_attempt" (
    "id" BIGSERIAL NOT NULL,
    "outbox_id" BIGINT NOT NULL,
    "rule_id" INTEGER,
    "channel_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "response_code" INTEGER,
    "error" TEXT,

    CONSTRAINT "alert_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_outbox_status_next_attempt_at_idx" ON "alert_outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "alert_outbox_rule_id_id_idx" ON "alert_outbox"("rule_id", "id");

-- CreateIndex
CREATE INDEX "alert_attempt_rule_id_id_idx" ON "alert_attempt"("rule_id", "id");

-- CreateIndex
CREATE INDEX "alert_attempt_outbox_id_idx" ON "alert_attempt"("outbox_id");

-- Default rules (issue 24): a new or regressed problem goes to its routed team's channels.
INSERT INTO "alert_rule" ("name", "kind", "to_team", "quiet_minutes") VALUES
  ('New problem → routed team', 'new', true, 60),
  ('Regressed problem → routed team', 'regressed', true, 60);

-- Digests (issue 24): one row per user who chose a daily or weekly digest.
CREATE TABLE "digest_subscription" (
    "user_id" INTEGER NOT NULL,
    "frequency" TEXT NOT NULL DEFAULT 'off',
    "team" "Team",
    "last_period" TIMESTAMPTZ(3),

    CONSTRAINT "digest_subscription_pkey" PRIMARY KEY ("user_id")
);
