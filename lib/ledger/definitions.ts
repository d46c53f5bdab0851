// One definition per derived table, from the raw events: the SELECT that says what the table
// holds. The migration that introduced the ledger backfills with these statements (a unit test
// checks that its SQL contains them verbatim), `npm run rollups -- verify | rebuild` compares and
// recomputes with them, the test oracle is that verify, and the bench loads its rollups with them.
// `live` is what the table holds with the pending counts added (share_pending): what reads see.
// event_message's text is derived in code from the body (prepare.ts), so its definition is a
// function over the events (messageCountBatches in verify.ts), not SQL.
// The problem sets (bits of problem ids per day and week) are defined in set-definitions.ts.
//
// WHO READS WHAT (lib/queries; pages and the read API only go through these)
//   problem_daily_count (+ share_pending, as the view problem_daily_live); its quarter-hour running
//   totals count the partial UTC days at the ends of a range in the viewer's time zone
//       /problems list, facets, groups, daily trend column, CSV export, bulk "all results" inside
//         districts or with a district or client filter; of every district: district and client
//         facets, groups, the districts of a page's rows
//         (problem-filters.ts countsCte, problem-stream.ts, problem-facets.ts)
//       /problems/[id] figures and 90-day series inside districts; of every district, its
//         districts (a walk of the (problem_id, lea) index) and first and last seen; top districts
//         and clients of 90 days in every scope (problem-detail.ts); GET /api/v1/problems[/id]
//         (problem-list.ts, the list's query); /kb article counts (article-counts.ts);
//       /search district and resource counts (search.ts)
//   problem_trend_day (+ share_pending)  /trends top problems inside districts; "seen before" inside
//                                        districts: /trends new and rising problems, the /problems
//                                        New and Rising presets (seen-before.ts)
//   problem_month (+ share_pending)      of every district with no district or client filter, the
//                                        months a range covers (problem_day the days around them):
//                                        /trends top problems, /problems counts, facets, bulk
//                                        selection, CSV export, GET /api/v1/problems, /search
//                                        article counts (trend-problems.ts everyDistrictShares)
//   problem_day (+ share_pending)        the same of every district with no district or client filter:
//                                        /problems counts, facets, trend column (every-district-counts.ts
//                                        dayTotals), /search article counts, /trends top problems,
//                                        "seen before" of every district (/trends new and rising,
//                                        /problems New and Rising: seen-before.ts, with problem_month),
//                                        /problems/[id] figures and 90-day series; whole days from
//                                        its day index
//   trend_day (+ share_pending ⋈ problem) /trends series by route and status inside districts (trends.ts);
//                                        alerts' spike and timed rules (lib/alerts)
//   trend_all_day (+ share_pending ⋈ problem) /trends series by route and status of every district
//   trend_district_day (+ share_pending)  /trends per-district series; which districts the facets count
//   district_day_problems, client_day_problems (+ share_pending's pairs)  of every district: the
//                                        /problems district and client facets and the districts
//                                        of its groups (problem-sets.ts), the whole days outside
//                                        a range's whole weeks
//   district_week_problems, client_week_problems  the same, a range's whole UTC weeks
//   client_trend_day (+ share_pending)   /trends per-client breakdown and /search client counts inside districts
//   client_day (+ share_pending)         the same of every district
//   event_message                        /search message-text matches and their counts inside
//                                        districts, top message lines inside districts (search.ts,
//                                        top-messages.ts)
//   problem_message ⋈ message_text (+ message_pending)  the same of every district: each text once,
//                                        its events per problem and UTC month (message-totals.ts)
//   share_pending, message_pending       every read above (pending counts); the folder empties them
// Dropped by the ledger migration: problem.event_count, first_seen_at, last_seen_at (no read used
// them: first and last seen are always computed inside the viewer's scope from the daily rollup).

import { clientDayProblems, clientWeekProblems, districtDayProblems, districtWeekProblems } from "./set-definitions";

export interface RollupDefinition {
  table: string;
  /** Key columns (a row per key). */
  key: readonly string[];
  /** Compared columns. */
  values: readonly string[];
  /** The rows from raw events (alias e), restricted by `where` (SQL on e; "TRUE" for all). */
  fromEvents(where?: string): string;
  /** The rows as reads see them: folded plus pending. */
  live: string;
  /**
   * Rebuilt by problem (the key starts with problem_id), by day, or by UTC week from its source
   * rollup (fromRollup; `day` is the week's Monday) once that week's days are rebuilt.
   */
  batchBy: "problem" | "day" | "week";
  /**
   * The folded rows as a sum of an older rollup that keeps retired months' counts (`where` on
   * it), for a rollup whose reads take retired months from it alone: verify compares every month
   * with it, and rebuild fills retired months (whose events are gone) from it.
   */
  fromRollup?(where?: string): string;
  /** How verify prints a row's values (alias a), where their text is not readable (bits). */
  valuesText?(a: string): string;
}

export const problemDailyCount: RollupDefinition = {
  table: "problem_daily_count",
  key: ["problem_id", "day", "lea", "client"],
  values: ["count", "first_seen_at", "last_seen_at", "cumulative"],
  batchBy: "problem",
  fromEvents: (where = "TRUE") => `SELECT problem_id, day, lea, client, sum(n)::int AS count,
       min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT e.problem_id, utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client,
               utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n, min(e.occurred_at) AS first_seen_at, max(e.occurred_at) AS last_seen_at
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4`,
  live: `SELECT problem_id, day, lea, client, sum(count)::int AS count, min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
         int_array_sum(cumulative) AS cumulative FROM (
    SELECT problem_id, day, lea, client, count, first_seen_at, last_seen_at, cumulative FROM problem_daily_count
    UNION ALL SELECT problem_id, day, lea, client, sum(events)::int, min(first_seen_at), max(last_seen_at),
                     quarter_hour_totals(array_agg(quarter::int), array_agg(events))
      FROM share_pending GROUP BY 1, 2, 3, 4) x GROUP BY 1, 2, 3, 4`,
};

export const problemTrendDay: RollupDefinition = {
  table: "problem_trend_day",
  key: ["problem_id", "day", "lea", "status"],
  values: ["events", "cumulative"],
  batchBy: "problem",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT problem_id, day, lea, status, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT e.problem_id, utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, e.status, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4`,
  live: `SELECT problem_id, day, lea, status, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT problem_id, day, lea, status, events, cumulative FROM problem_trend_day
    UNION ALL SELECT problem_id, day, lea, status, sum(events)::int, quarter_hour_totals(array_agg(quarter::int), array_agg(events))
      FROM share_pending GROUP BY 1, 2, 3, 4) x
  GROUP BY 1, 2, 3, 4`,
};

/** problem_trend_day without the district and the status (migration problem_day): per-problem figures of every district. */
export const problemDay: RollupDefinition = {
  table: "problem_day",
  key: ["problem_id", "day"],
  values: ["events", "cumulative"],
  batchBy: "problem",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT problem_id, day, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT e.problem_id, utc_day(e.occurred_at) AS day, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3) s
 GROUP BY 1, 2`,
  live: `SELECT problem_id, day, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT problem_id, day, events, cumulative FROM problem_day
    UNION ALL SELECT problem_id, day, sum(events)::int, quarter_hour_totals(array_agg(quarter::int), array_agg(events)) FROM share_pending GROUP BY 1, 2) x
  GROUP BY 1, 2`,
};

/** problem_day by UTC month (migration problem_month; `day` is the month's first day): long ranges of every district. */
export const problemMonth: RollupDefinition = {
  table: "problem_month",
  key: ["problem_id", "day"],
  values: ["events"],
  batchBy: "problem",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT e.problem_id, date_trunc('month', e.occurred_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS events
  FROM error_event e WHERE ${where} GROUP BY 1, 2`,
  live: `SELECT problem_id, day, sum(events)::int AS events FROM (
    SELECT problem_id, day, events FROM problem_month
    UNION ALL SELECT problem_id, date_trunc('month', day::timestamp)::date, sum(events)::int FROM share_pending GROUP BY 1, 2) x
  GROUP BY 1, 2`,
  // (`day::timestamp`: a date's date_trunc would go through the session's time zone.)
  fromRollup: (where = "TRUE") =>
    `SELECT problem_id, date_trunc('month', day::timestamp)::date AS day, sum(events)::int AS events FROM problem_day WHERE ${where} GROUP BY 1, 2`,
};

export const trendDay: RollupDefinition = {
  table: "trend_day",
  key: ["day", "lea", "status", "route"],
  values: ["events", "cumulative"],
  batchBy: "day",
  fromEvents: (where = "TRUE") =>
    `SELECT day, lea, status, route, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, e.status, coalesce(p.assigned_team, p.route) AS route, ` +
    `utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e JOIN problem p ON p.id = e.problem_id WHERE ${where} GROUP BY 1, 2, 3, 4, 5) s
 GROUP BY 1, 2, 3, 4`,
  live: `SELECT day, lea, status, route, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT day, lea, status, route, events, cumulative FROM trend_day
    UNION ALL SELECT q.day, q.lea, q.status, coalesce(p.assigned_team, p.route), sum(q.events)::int,
                     quarter_hour_totals(array_agg(q.quarter::int), array_agg(q.events))
      FROM share_pending q JOIN problem p ON p.id = q.problem_id GROUP BY 1, 2, 3, 4) x
  GROUP BY 1, 2, 3, 4`,
};

/** trend_day without the district: the route and status series of every district (migration trend_series_rollups). */
export const trendAllDay: RollupDefinition = {
  table: "trend_all_day",
  key: ["day", "status", "route"],
  values: ["events", "cumulative"],
  batchBy: "day",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT day, status, route, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, e.status, coalesce(p.assigned_team, p.route) AS route, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e JOIN problem p ON p.id = e.problem_id WHERE ${where} GROUP BY 1, 2, 3, 4) s
 GROUP BY 1, 2, 3`,
  live: `SELECT day, status, route, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT day, status, route, events, cumulative FROM trend_all_day
    UNION ALL SELECT q.day, q.status, coalesce(p.assigned_team, p.route), sum(q.events)::int,
                     quarter_hour_totals(array_agg(q.quarter::int), array_agg(q.events))
      FROM share_pending q JOIN problem p ON p.id = q.problem_id GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3`,
};

/** Events per UTC day and district: the per-district series (migration trend_series_rollups). */
export const trendDistrictDay: RollupDefinition = {
  table: "trend_district_day",
  key: ["day", "lea"],
  values: ["events", "cumulative"],
  batchBy: "day",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT day, lea, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3) s
 GROUP BY 1, 2`,
  live: `SELECT day, lea, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT day, lea, events, cumulative FROM trend_district_day
    UNION ALL SELECT day, lea, sum(events)::int, quarter_hour_totals(array_agg(quarter::int), array_agg(events)) FROM share_pending GROUP BY 1, 2) x
  GROUP BY 1, 2`,
};

export const clientTrendDay: RollupDefinition = {
  table: "client_trend_day",
  key: ["day", "lea", "client"],
  values: ["events", "cumulative"],
  batchBy: "day",
  fromEvents: (where = "TRUE") =>
    `SELECT day, lea, client, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.lea, '') AS lea, coalesce(e.client, '') AS client, ` +
    `utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3, 4) s
 GROUP BY 1, 2, 3`,
  live: `SELECT day, lea, client, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT day, lea, client, events, cumulative FROM client_trend_day
    UNION ALL SELECT day, lea, client, sum(events)::int, quarter_hour_totals(array_agg(quarter::int), array_agg(events)) FROM share_pending GROUP BY 1, 2, 3) x
  GROUP BY 1, 2, 3`,
};

/** client_trend_day without the district (migration client_day): the per-client totals of every district. */
export const clientDay: RollupDefinition = {
  table: "client_day",
  key: ["day", "client"],
  values: ["events", "cumulative"],
  batchBy: "day",
  fromEvents: (
    where = "TRUE",
  ) => `SELECT day, client, sum(n)::int AS events, quarter_hour_totals(array_agg(slot), array_agg(n)) AS cumulative
  FROM (SELECT utc_day(e.occurred_at) AS day, coalesce(e.client, '') AS client, utc_quarter_hour(e.occurred_at) AS slot, count(*)::int AS n
          FROM error_event e WHERE ${where} GROUP BY 1, 2, 3) s
 GROUP BY 1, 2`,
  live: `SELECT day, client, sum(events)::int AS events, int_array_sum(cumulative) AS cumulative FROM (
    SELECT day, client, events, cumulative FROM client_day
    UNION ALL SELECT day, client, sum(events)::int, quarter_hour_totals(array_agg(quarter::int), array_agg(events)) FROM share_pending GROUP BY 1, 2) x
  GROUP BY 1, 2`,
};

/** Every SQL-defined rollup, in the ledger's lock order. */
export const ROLLUPS: readonly RollupDefinition[] = [
  problemDailyCount,
  problemTrendDay,
  problemDay,
  trendDay,
  trendAllDay,
  trendDistrictDay,
  clientTrendDay,
  clientDay,
  problemMonth,
  districtDayProblems,
  districtWeekProblems,
  clientDayProblems,
  clientWeekProblems,
];

/** The backfill of a rollup from every event (the migration's statement). */
export function backfillSql(d: RollupDefinition): string {
  return `INSERT INTO ${d.table} (${[...d.key, ...d.values].join(", ")})\n${d.fromEvents()};`;
}

/** event_message's definition: the events whose body has a message text, read in id order. */
export const MESSAGE_SOURCE =
  "SELECT id::text, problem_id::text, lea, occurred_at, body FROM error_event WHERE body IS NOT NULL";

/**
 * problem_message and message_text from event_message (the migration's backfill and the bench's
 * loader): event_message's counts summed over districts, each text once, keyed by the SHA-256 of
 * the text alone (textDigest in lib/ingest/prepare.ts). event_message is itself defined from the
 * events (MESSAGE_SOURCE), and verify compares all three with them.
 */
export const MESSAGE_TOTALS_FROM_EVENT_MESSAGE: readonly string[] = [
  `INSERT INTO message_text (digest, text)
SELECT encode(sha256(convert_to(d.text, 'UTF8')), 'hex'), d.text FROM (SELECT DISTINCT text FROM event_message WHERE events > 0) d;`,
  `INSERT INTO problem_message (problem_id, month, digest, events)
SELECT problem_id, month, encode(sha256(convert_to(text, 'UTF8')), 'hex'), sum(events)::int
  FROM event_message WHERE events > 0 GROUP BY 1, 2, 3;`,
];
