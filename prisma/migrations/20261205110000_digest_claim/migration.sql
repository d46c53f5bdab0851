-- A digest is claimed per user for a few minutes while it is built and sent, and its period is
-- marked sent only after the send: a process that dies mid-send leaves the claim to run out, and
-- another sends that period (before, the period was marked first and lost with the process).
ALTER TABLE "digest_subscription" ADD COLUMN "claimed_until" TIMESTAMPTZ(3);
