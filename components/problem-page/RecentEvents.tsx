// A problem's events, newest first, 25 a page, filtered by district or client; where retention
// ended the list early, why.
import Link from "next/link";
import { z } from "zod";
import type { Scope } from "@/lib/auth/scope";
import { educationOrgNames } from "@/lib/districts/store";
import { listEvents } from "@/lib/queries/event-list";
import { eventsKeptFrom, keptFromInstant } from "@/lib/retention/retired";
import { getDatabase } from "@/lib/runtime/database";
import { EventTable } from "@/components/events/EventTable";
import { RetiredEventsNotice } from "@/components/events/RetiredEventsNotice";

/** The event list's filters in the page's URL. */
export const eventFilters = z.object({
  lea: z.string().max(40).optional(),
  client: z.string().max(200).optional(),
  cursor: z.string().max(200).optional(),
});

export async function RecentEvents({
  scope,
  id,
  filters,
  firstSeenAt,
}: {
  scope: Scope;
  id: string;
  filters: z.infer<typeof eventFilters>;
  /** The problem's first event in the viewer's scope (counted, whether or not it is still kept). */
  firstSeenAt: string;
}) {
  const districtNames = await educationOrgNames(await getDatabase());
  let result;
  try {
    result = await listEvents(await getDatabase(), scope, {
      problemId: id,
      lea: filters.lea,
      client: filters.client,
      cursor: filters.cursor,
      limit: 25,
    });
  } catch {
    result = await listEvents(await getDatabase(), scope, {
      problemId: id,
      lea: filters.lea,
      client: filters.client,
      limit: 25,
    }); // a cursor that is not ours: first page
  }
  // The last page of a problem older than what retention keeps: say why the list ends early.
  const keptFrom = result.nextCursor ? null : await (await getDatabase()).session(eventsKeptFrom);
  const kept = Object.entries({ lea: filters.lea, client: filters.client }).filter(
    (e): e is [string, string] => !!e[1],
  );
  const base = `/problems/${id}?${new URLSearchParams(kept)}`;
  return (
    <>
      <EventTable events={result.events} districtNames={districtNames} empty="No events match." />
      <nav aria-label="Event pages" className="mt-2 flex gap-3">
        {filters.cursor && (
          <Link prefetch={false} href={`${base}#events`} className="text-primary hover:underline">
            ← Newest
          </Link>
        )}
        {result.nextCursor && (
          <Link
            prefetch={false}
            href={`${base}&cursor=${encodeURIComponent(result.nextCursor)}#events`}
            className="text-primary hover:underline"
          >
            Older events →
          </Link>
        )}
      </nav>
      {keptFrom && Date.parse(firstSeenAt) < keptFromInstant(keptFrom) && <RetiredEventsNotice keptFrom={keptFrom} />}
    </>
  );
}
