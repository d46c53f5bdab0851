// The header search: one text, matched against what support staff paste (event id,
// correlationId, problem id, LEA code, API client, resource) and against the text of error
// messages (a trigram index keeps the substring search fast at millions of events). Every match
// is inside the viewer's Scope. Words are matched against each problem's distinct message texts
// per district (event_message), which also count their events: no scan of the events.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems";
import { findEventsByCorrelationId, type EventSummary } from "./events";
import { getEvent } from "./event-list";
import { getProblemDetail, type ProblemDetail } from "./problem-detail";
import { escapeLike } from "./problem-filters";
import { inScope, sql } from "./sql-tag";
import type { RangeClock } from "./problem-filters";
import { eventsInRange, rangeDaysCondition, rangeWindow } from "./time-range";
import { lastLocalDays } from "../trends/periods";

/** District and client counts are of the last 30 days, as the list they link to counts by default. */
export const SEARCH_COUNT_DAYS = 30;

/** At most this many problems are listed for words of a message (busiest first). */
export const TEXT_PROBLEM_LIMIT = 100;

export interface SearchResults {
  q: string;
  event: EventSummary | null;
  correlation: EventSummary[];
  problem: ProblemDetail | null;
  /** Events of the last SEARCH_COUNT_DAYS local days (the clock's zone). */
  districts: { lea: string; events: number }[];
  clients: { client: string; events: number }[];
  resources: { resource: string; problems: number }[];
  /** Problems whose events' messages contain the text, with how many such events. */
  text: { problemId: string; articleTitle: string; resource: string | null; events: number }[];
  textEvents: number;
}

export async function searchEverything(db: Database, scope: Scope, input: string, clock: RangeClock = {}): Promise<SearchResults> {
  const q = input.trim().slice(0, 200);
  const empty: SearchResults = { q, event: null, correlation: [], problem: null, districts: [], clients: [], resources: [], text: [], textEvents: 0 };
  if (!q) return empty;
  const numeric = /^\d{1,18}$/.test(q);
  const like = `%${escapeLike(q)}%`;
  const { start, end } = lastLocalDays(SEARCH_COUNT_DAYS, clock.timeZone ?? "UTC", (clock.now ?? new Date()).getTime());
  const w = rangeWindow(new Date(start), new Date(end));
  const [event, correlation, problem, districts, clients, resources, text] = await Promise.all([
    numeric ? getEvent(db, scope, q) : null,
    findEventsByCorrelationId(db, scope, q, 50),
    numeric ? getProblemDetail(db, scope, q, clock) : null,
    db.prisma.$queryRaw<{ lea: string; events: bigint }[]>(
      sql`SELECT d.lea, sum(${eventsInRange(w)}) AS events FROM problem_daily_live d
           WHERE d.lea = ${q} AND ${rangeDaysCondition(w)} AND ${inScope(scope, "d.lea")} GROUP BY d.lea HAVING sum(${eventsInRange(w)}) > 0`,
    ),
    db.prisma.$queryRaw<{ client: string; events: bigint }[]>(
      sql`SELECT d.client, sum(${eventsInRange(w)}) AS events FROM problem_daily_live d
           WHERE lower(d.client) = lower(${q}) AND d.client <> '' AND ${rangeDaysCondition(w)} AND ${inScope(scope, "d.lea")}
           GROUP BY d.client HAVING sum(${eventsInRange(w)}) > 0`,
    ),
    db.prisma.$queryRaw<{ resource: string; problems: bigint }[]>(
      sql`SELECT p.resource, count(DISTINCT p.id) AS problems FROM problem p
           WHERE p.resource ILIKE ${like} AND EXISTS (SELECT 1 FROM problem_daily_live d WHERE d.problem_id = p.id AND ${inScope(scope, "d.lea")})
           GROUP BY p.resource ORDER BY problems DESC LIMIT 20`,
    ),
    q.length >= 3
      ? db.prisma.$queryRaw<{ problem_id: string; article_id: string; resource: string | null; events: bigint }[]>(
          sql`SELECT m.problem_id::text, p.article_id, p.resource, sum(m.events) AS events
                FROM event_message m JOIN problem p ON p.id = m.problem_id
               WHERE m.text ILIKE ${like} AND ${inScope(scope, "m.lea")}
               GROUP BY m.problem_id, p.article_id, p.resource ORDER BY events DESC, m.problem_id LIMIT ${TEXT_PROBLEM_LIMIT}`,
        )
      : [],
  ]);
  const textEvents = text.reduce((n, r) => n + Number(r.events), 0);
  return {
    q,
    event,
    correlation,
    problem,
    districts: districts.map((r) => ({ lea: r.lea, events: Number(r.events) })),
    clients: clients.map((r) => ({ client: r.client, events: Number(r.events) })),
    resources: resources.map((r) => ({ resource: r.resource, problems: Number(r.problems) })),
    text: text.map((r) => ({ problemId: r.problem_id, articleTitle: articleFields(r.article_id).articleTitle, resource: r.resource, events: Number(r.events) })),
    textEvents,
  };
}
