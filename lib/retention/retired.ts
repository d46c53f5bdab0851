// What retention has dropped (retired_month): the first day whose events are all still kept.
import type { SqlSession } from "../db/sql-session";
import { utcMidnight } from "../trends/quarter-hours";

/** The first day of the month after the latest retired one ("YYYY-MM-DD"), or null: none retired. */
export async function eventsKeptFrom(session: SqlSession): Promise<string | null> {
  const [row] = await session.query<{ from: string | null }>(
    "SELECT to_char((max(month) + interval '1 month')::date, 'YYYY-MM-DD') AS from FROM retired_month",
  );
  return row.from;
}

/** The first kept instant (epoch ms) of eventsKeptFrom's answer: −Infinity when no month is retired. */
export function keptFromInstant(from: string | null): number {
  return from ? utcMidnight(from) : -Infinity;
}
