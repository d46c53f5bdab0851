// The header search: one text, matched against what support staff paste (event id,
// correlationId, problem id, LEA code, API client, resource) and against the text of error
// messages (a trigram index keeps the substring search fast at millions of events). Every match
// is inside the viewer's Scope. Words are matched against the distinct message texts with their
// counts (message-texts.ts: each text once of every district, the districts' rows inside
// districts): no scan of the events.
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { articleFields } from "../problems";
import { findEventsByCorrelationId, findEventsByCorrelationPrefix, type EventSummary } from "./events";
import { getEvent } from "./event-list";
import { getProblemDetail, type ProblemDetail } from "./problem-detail";
import {
  countsCte,
  escapeLike,
  problemConditions,
  streamFilters,
  type ProblemStreamFilters,
  type RangeClock,
} from "./problem-filters";
import { loadProblemSearch } from "../search-params/problems";
import { allOf, inScope, raw, sql, type Sql } from "./sql-tag";
import { parseSearchQuery, PREFIX_MIN, WORD_MIN } from "../search/query";
import { articlesMatching } from "../search/articles";
import { topMessagesOf } from "./top-messages";
import { messageTextsInScope } from "./message-texts";
import { districtsNamed, educationOrgNames } from "../districts/store";
import { eventsInRange, rangeDaysCondition, rangeWindow } from "./time-range";

/** District, client and article counts are of the last 30 days, as the list they link to counts by default. */
export const SEARCH_COUNT_DAYS = 30;

/** At most this many problems are listed for words of a message (busiest first). */
export const TEXT_PROBLEM_LIMIT = 100;

export interface SearchResults {
  /** The text as typed. */
  q: string;
  /** What was searched for (quotes and a label such as "correlationId:" removed). */
  searched: string;
  /** The message words matched (any order), as searched. */
  words: string[];
  event: EventSummary | null;
  correlation: EventSummary[];
  /** The correlation events matched a prefix of the id, not the whole id. */
  correlationByPrefix: boolean;
  problem: ProblemDetail | null;
  /** Districts by code or by name (the name where known), with their events of the last SEARCH_COUNT_DAYS local days. */
  districts: { lea: string; name: string | null; events: number }[];
  clients: { client: string; events: number }[];
  resources: { resource: string; problems: number }[];
  /** Catalog articles whose title holds every word, with their problems and events in scope. */
  articles: { articleId: string; title: string; problems: number; events: number }[];
  /** Problems whose events' messages contain every word, with how many such events and the line that matched. */
  text: { problemId: string; articleTitle: string; resource: string | null; events: number; message: string | null }[];
  textEvents: number;
}

export async function searchEverything(
  db: Database,
  scope: Scope,
  input: string,
  clock: RangeClock = {},
): Promise<SearchResults> {
  const query = parseSearchQuery(input);
  const t = query.text;
  const empty: SearchResults = {
    q: query.typed,
    searched: t,
    words: query.words,
    event: null,
    correlation: [],
    correlationByPrefix: false,
    problem: null,
    districts: [],
    clients: [],
    resources: [],
    articles: [],
    text: [],
    textEvents: 0,
  };
  if (!t) return empty;
  const like = `%${escapeLike(t)}%`;
  const articleIds = articlesMatching(query.words.length ? query.words : [t.toLowerCase()]).map((a) => a.id);
  // The list's filters of the last SEARCH_COUNT_DAYS local days (the list the counts link to), of these articles.
  const lastDays: ProblemStreamFilters = {
    ...streamFilters(loadProblemSearch(`range=${SEARCH_COUNT_DAYS}d`), clock),
    articles: articleIds,
  };
  const w = rangeWindow(lastDays.since, lastDays.until);
  const [named, names] = await Promise.all([districtsNamed(db, scope, t), educationOrgNames(db)]);
  const [event, exact, problem, districts, clients, resources, articles, text] = await Promise.all([
    query.numeric ? getEvent(db, scope, t) : null,
    query.idLike ? findEventsByCorrelationId(db, scope, t, 50) : [],
    query.numeric ? getProblemDetail(db, scope, t, clock) : null,
    db.prisma.$queryRaw<{ lea: string; events: bigint }[]>(
      sql`SELECT d.lea, sum(${eventsInRange(w)}) AS events FROM problem_daily_live d
           WHERE (d.lea = ${t} OR d.lea = ANY(${named}::text[])) AND ${rangeDaysCondition(w)} AND ${inScope(scope, "d.lea")}
           GROUP BY d.lea HAVING sum(${eventsInRange(w)}) > 0 ORDER BY events DESC`,
    ),
    db.prisma.$queryRaw<{ client: string; events: bigint }[]>(
      sql`SELECT d.client, sum(${eventsInRange(w)}) AS events
            FROM ${clientDaysLive(scope, sql`d.client ILIKE ${like} AND d.client <> '' AND ${rangeDaysCondition(w)}`)} d
           GROUP BY d.client HAVING sum(${eventsInRange(w)}) > 0 ORDER BY lower(d.client) = lower(${t}) DESC, events DESC LIMIT 20`,
    ),
    db.prisma.$queryRaw<{ resource: string; problems: bigint }[]>(
      sql`SELECT p.resource, count(DISTINCT p.id) AS problems FROM problem p
           WHERE p.resource ILIKE ${like} AND EXISTS (SELECT 1 FROM problem_daily_live d WHERE d.problem_id = p.id AND ${inScope(scope, "d.lea")})
           GROUP BY p.resource ORDER BY problems DESC LIMIT 20`,
    ),
    articleIds.length
      ? db.prisma.$queryRaw<{ article_id: string; problems: bigint; events: bigint }[]>(
          sql`WITH ${countsCte(scope, lastDays, "late")}
              SELECT p.article_id, count(*) AS problems, sum(c.events) AS events FROM c JOIN problem p ON p.id = c.problem_id
               WHERE ${allOf([...problemConditions(lastDays, scope).values()])} GROUP BY p.article_id`,
        )
      : [],
    messageMatches(
      db,
      scope,
      query.words.length ? query.words : t.length >= WORD_MIN && /[\p{L}\p{N}]/u.test(t) ? [t] : [],
    ),
  ]);
  // No event has the whole id: its first characters (a UUID's first group or more) may be what was pasted.
  const byPrefix = !exact.length && query.idLike && !query.numeric && t.length >= PREFIX_MIN;
  const correlation = byPrefix ? await findEventsByCorrelationPrefix(db, scope, t, 50) : exact;
  const counted = new Map(articles.map((a) => [a.article_id, a]));
  const lines = await topMessagesOf(
    db,
    scope,
    text.map((r) => r.problem_id),
    20,
  );
  const wanted = query.words.length ? query.words : [t.toLowerCase()];
  const lineOf = (id: string) => {
    const all = lines.get(id) ?? [];
    return (all.find((l) => wanted.every((w) => l.text.toLowerCase().includes(w))) ?? all[0])?.text ?? null;
  };
  return {
    ...empty,
    event,
    correlation,
    correlationByPrefix: byPrefix && correlation.length > 0,
    problem,
    districts: districts.map((r) => ({ lea: r.lea, name: names.get(r.lea) ?? null, events: Number(r.events) })),
    clients: clients.map((r) => ({ client: r.client, events: Number(r.events) })),
    resources: resources.map((r) => ({ resource: r.resource, problems: Number(r.problems) })),
    articles: articleIds.flatMap((id) => {
      const c = counted.get(id);
      return c
        ? [
            {
              articleId: id,
              title: articleFields(id).articleTitle,
              problems: Number(c.problems),
              events: Number(c.events),
            },
          ]
        : [];
    }),
    text: text.map((r) => ({
      problemId: r.problem_id,
      articleTitle: articleFields(r.article_id).articleTitle,
      resource: r.resource,
      events: Number(r.events),
      message: lineOf(r.problem_id),
    })),
    textEvents: text.reduce((n, r) => n + Number(r.events), 0),
  };
}

/**
 * Events per API client and UTC day inside the scope, folded and pending, with the columns
 * eventsInRange reads, the rows `where` keeps (alias d): client_day of every district (a row per
 * client and day), else client_trend_day's rows of the scope's districts. Not problem_daily_live:
 * a row per problem as well, whose 30 days a client name's ILIKE had to read whole (~400 ms at
 * 10M-density events).
 */
function clientDaysLive(scope: Scope, where: Sql): Sql {
  const folded = scope.kind === "all" ? raw("client_day") : raw("client_trend_day");
  return sql`(SELECT d.day, d.client, d.events AS count, d.cumulative, NULL::smallint AS quarter FROM ${folded} d
               WHERE ${where} AND ${inScope(scope, "d.lea")}
              UNION ALL
              SELECT d.day, d.client, d.events, NULL::int[], d.quarter FROM share_pending d WHERE ${where} AND ${inScope(scope, "d.lea")})`;
}

/** Problems whose message texts (in scope) contain every word, in any order. */
function messageMatches(db: Database, scope: Scope, words: string[]) {
  if (!words.length) return Promise.resolve([]);
  return db.prisma.$queryRaw<{ problem_id: string; article_id: string; resource: string | null; events: bigint }[]>(
    sql`SELECT m.problem_id::text, p.article_id, p.resource, m.events
          FROM (SELECT problem_id, sum(events) AS events FROM ${messageTextsInScope(scope, { words })} x
                 GROUP BY problem_id HAVING sum(events) > 0) m
          JOIN problem p ON p.id = m.problem_id
         ORDER BY m.events DESC, m.problem_id LIMIT ${TEXT_PROBLEM_LIMIT}`,
  );
}
