-- An event completed by a later one (a merge) takes the earlier of their times, and may move to an
-- earlier month; its idempotency key kept the later time until now (lib/ingest/event-keys.ts moves
-- it with the event). Retention deletes keys by time, so such a key would outlive its event and
-- refuse a resend of its eventId. The keys of events merged before this migration are set right.
UPDATE "event_key" k SET "occurred_at" = e."occurred_at"
  FROM "error_event" e
 WHERE e."id" = k."event_row" AND e."event_id" = k."event_id" AND e."api_key_id" = k."api_key_id"
   AND e."occurred_at" <> k."occurred_at";
-- Keys of such events that retention already dropped outlived them, and would refuse a resend:
-- every key without its event goes (from now on a key older than the first kept month is taken
-- over by a new event of its eventId, lib/ingest/event-keys.ts).
DELETE FROM "event_key" k WHERE NOT EXISTS (SELECT 1 FROM "error_event" e WHERE e."id" = k."event_row");

-- A correction to 20261205210000_event_partitions's notes (a migration that ran is not edited):
-- attaching a month's partition takes SHARE UPDATE EXCLUSIVE on error_event, but also ACCESS
-- EXCLUSIVE on error_event_default, which every read of events not narrowed to months holds; and
-- dropping a month's partition takes ACCESS EXCLUSIVE on error_event. Both wait briefly and give
-- up rather than hold reads behind them (lib/retention/partitions.ts, retention.ts).
