// The follow-up steps of migrations whose data SQL cannot compute (lib/db/migrate.ts runs each in
// its migration's transaction, right after its SQL). Imported for its effect by database.ts.
import { setMigrationFollowUp } from "../db/migrate";
import { addMessageCountsFromEvents } from "../ledger/rebuild";

// event_message gained a month: its counts are recounted from the events' bodies (a text is
// derived from its body in code), a batch of events at a time.
setMigrationFollowUp("20261205210000_event_partitions", (session) =>
  addMessageCountsFromEvents(session, "TRUE", false),
);
