// The trends page's districts: each district's events per bucket of the range (its sparkline)
// and in the whole period before (its change), from trend_district_day, folded and pending.
import type { Scope } from "../auth/scope";
import { piecesOf, totalPiecesOf, type Piece, type TrendPeriods } from "../trends/periods";
import { wholeAndCutDays } from "../trends/piece-reads";
import {
  daysOf,
  inPiece,
  pendingInPiece,
  piecesCte,
  quartersOf,
  totalAt,
  wholePiece,
  type PiecesName,
} from "./trend-pieces";
import { inScope, join, sql, type Sql } from "./sql-tag";

/** A UTC day of a range and its one or two pieces, in order. */
interface DayPair {
  day: string;
  first: Piece;
  second: Piece | null;
}

/** Pieces as their UTC days (DayPair); null when a day holds more than two (buckets of hours). */
function dayPairsOf(pieces: readonly Piece[]): DayPair[] | null {
  const byDay = new Map<string, Piece[]>();
  for (const p of pieces) (byDay.get(p.day) ?? byDay.set(p.day, []).get(p.day)!).push(p);
  const pairs: DayPair[] = [];
  for (const [day, own] of byDay) {
    if (own.length > 2) return null;
    own.sort((a, b) => a.from - b.from);
    pairs.push({ day, first: own[0], second: own[1] ?? null });
  }
  return pairs;
}

/**
 * The range's series (CTE `series`: lea, buckets, counts) where a UTC day holds at most two of its
 * pieces (buckets of days): each row is read once and both its pieces taken from its running
 * totals, and nothing is summed by (district, bucket), since the page adds each count to its
 * bucket (90 days of 500 districts, the statement 113 -> 80 ms). A bucket may repeat.
 */
function pairedSeries(scope: Scope, range: Piece[], pairs: DayPair[], pending: Sql): Sql {
  const second = (pick: (p: Piece) => number) => pairs.map((d) => (d.second ? pick(d.second) : null));
  return sql`pairs AS (SELECT * FROM unnest(${pairs.map((d) => d.day)}::date[], ${pairs.map((d) => d.first.bucket)}::int[],
        ${pairs.map((d) => d.first.from)}::int[], ${pairs.map((d) => d.first.to)}::int[],
        ${second((p) => p.bucket)}::int[], ${second((p) => p.from)}::int[], ${second((p) => p.to)}::int[])
        AS p(day, b1, f1, t1, b2, f2, t2)),
    halves AS (SELECT t.lea, p.b1, ${totalAt(sql`p.t1`)} - ${totalAt(sql`p.f1`)} AS n1,
                      p.b2, CASE WHEN p.b2 IS NOT NULL THEN ${totalAt(sql`p.t2`)} - ${totalAt(sql`p.f2`)} END AS n2
                 FROM trend_district_day t JOIN pairs p ON p.day = t.day
                WHERE ${daysOf(range, "t")} AND ${inScope(scope, "t.lea")}),
    folded_series AS (SELECT lea, array_agg(b1) || coalesce(array_agg(b2) FILTER (WHERE b2 IS NOT NULL), '{}') AS buckets,
                             array_agg(n1) || coalesce(array_agg(n2) FILTER (WHERE b2 IS NOT NULL), '{}') AS counts
                        FROM halves GROUP BY lea),
    pending_series AS (SELECT lea, array_agg(bucket) AS buckets, array_agg(n) AS counts FROM (${pending}) s GROUP BY lea),
    series AS (SELECT coalesce(f.lea, q.lea) AS lea, coalesce(f.buckets, '{}') || coalesce(q.buckets, '{}') AS buckets,
                      coalesce(f.counts, '{}') || coalesce(q.counts, '{}') AS counts
                 FROM folded_series f FULL JOIN pending_series q ON q.lea = f.lea)`;
}

/** The range's series (CTE `series`) summed by district and bucket: days of any number of pieces (buckets of hours). */
function summedSeries(scope: Scope, range: Piece[], pending: Sql): Sql {
  return sql`buckets AS (SELECT lea, bucket, sum(n)::int AS n
                           FROM (SELECT p.bucket, t.lea, ${inPiece} AS n FROM trend_district_day t JOIN pieces p ON p.day = t.day
                                  WHERE ${daysOf(range, "t")} AND ${inScope(scope, "t.lea")}
                                 UNION ALL ${pending}) s
                          GROUP BY lea, bucket),
    series AS (SELECT lea, array_agg(bucket ORDER BY bucket) AS buckets, array_agg(n ORDER BY bucket) AS counts
                 FROM buckets GROUP BY lea)`;
}

/**
 * Each district's events per bucket of the range and in the whole period before (folded and
 * pending), from trend_district_day: one row per district, its buckets as two arrays (bucket,
 * events; a bucket may repeat, the page adds them: pairedSeries), since a sparkline needs the
 * range's buckets but a change only the period before's sum.
 * (Both periods by bucket were a row per district and bucket: 90,000 rows for a 90-day page of
 * 500 districts, most of the page's time.) The period before is read as whole UTC days, from the
 * day index alone (day, lea, events: no running totals; 90 days of 500 districts, the statement
 * 124 -> 109 ms), and the two days its ends cut.
 */
export function districtSeriesSql(scope: Scope, periods: TrendPeriods): Sql {
  const range = piecesOf(periods).filter((p) => p.period === 0);
  const before = totalPiecesOf(periods).filter((p) => p.period === 1);
  const pending = (pieces: Piece[], name: PiecesName) =>
    sql`SELECT p.bucket, q.lea, q.events AS n FROM share_pending q JOIN ${quartersOf(name)} p ON ${pendingInPiece}
                WHERE ${daysOf(pieces, "q")} AND ${inScope(scope, "q.lea")}`;
  const pairs = dayPairsOf(range);
  const series = pairs
    ? pairedSeries(scope, range, pairs, pending(range, "pieces"))
    : summedSeries(scope, range, pending(range, "pieces"));
  const { runs, cut } = wholeAndCutDays(before);
  const beforeShares = [
    ...runs.map(
      (run) => sql`SELECT 0 AS bucket, t.lea, t.events AS n FROM trend_district_day t
                    WHERE t.day BETWEEN ${run.first}::date AND ${run.last}::date AND ${inScope(scope, "t.lea")}`,
    ),
    ...(cut.length
      ? [
          sql`SELECT p.bucket, t.lea, ${inPiece} AS n FROM trend_district_day t JOIN before p ON p.day = t.day
               WHERE t.day = ANY(${cut}::date[]) AND NOT (${wholePiece}) AND ${inScope(scope, "t.lea")}`,
        ]
      : []),
    pending(before, "before"),
  ];
  return sql`WITH ${piecesCte(range)}, ${piecesCte(before, "before")},
    ${series},
    previous AS (SELECT lea, sum(n)::bigint AS n FROM (${join(beforeShares, " UNION ALL ")}) s GROUP BY lea)
    SELECT coalesce(series.lea, previous.lea) AS lea, series.buckets, series.counts, coalesce(previous.n, 0)::bigint AS previous
      FROM series FULL JOIN previous ON previous.lea = series.lea`;
}
