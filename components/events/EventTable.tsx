// A list of events: when, request, district ("Grand Bend ISD (255901)" where its name is known),
// client, correlationId and messages (as text, hidden characters such as bidi overrides shown as
// markers).
import Link from "next/link";
import type { EventSummary } from "@/lib/queries/events";
import { RelativeTime } from "@/components/RelativeTime";
import { showControls } from "@/lib/problems/visible-text";
import { districtLabel } from "@/lib/districts/edorg-file";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function EventTable({
  events,
  empty,
  showProblem = false,
  districtNames,
}: {
  events: EventSummary[];
  empty: string;
  showProblem?: boolean;
  districtNames: ReadonlyMap<string, string>;
}) {
  if (!events.length)
    return <p className="rounded-md border border-dashed border-input p-4 text-muted-foreground">{empty}</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-border">
      <Table className="w-full border-collapse text-left" data-testid="events">
        <TableHeader className="bg-muted text-xs text-muted-foreground">
          <TableRow>
            {["When", "Request", "District", "Client", "correlationId"].map((h) => (
              <TableHead key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </TableHead>
            ))}
            <TableHead className={`px-3 py-2 font-medium ${showProblem ? "" : "max-lg:hidden"}`}>
              {showProblem ? "Problem" : "Messages"}
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((e) => (
            <TableRow key={e.id} className="border-t border-border align-top hover:bg-muted">
              <TableCell className="px-3 py-2">
                <Link prefetch={false} href={`/events/${e.id}`} className="text-primary hover:underline">
                  <RelativeTime iso={e.occurredAt} />
                </Link>
              </TableCell>
              <TableCell className="px-3 py-2">
                <span className="font-mono text-xs">
                  {e.status} {showControls(e.method ?? "")}
                </span>
                {e.partial && (
                  <span
                    className="ml-2 rounded bg-tone-warning-bg px-1 text-xs text-tone-warning-fg"
                    title="Read from a log without the response body"
                  >
                    partial
                  </span>
                )}
                <div className="max-w-xs truncate text-xs text-muted-foreground" title={showControls(e.url ?? "")}>
                  {e.url === null ? "—" : showControls(e.url)}
                </div>
              </TableCell>
              <TableCell className="px-3 py-2">
                {e.lea === null ? "—" : showControls(districtLabel(e.lea, districtNames))}
              </TableCell>
              <TableCell className="px-3 py-2">{e.client === null ? "—" : showControls(e.client)}</TableCell>
              <TableCell className="px-3 py-2 font-mono text-xs break-all">
                {e.correlationId === null ? "—" : showControls(e.correlationId)}
              </TableCell>
              <TableCell className={`px-3 py-2 text-xs ${showProblem ? "" : "max-lg:hidden"}`}>
                {showProblem ? (
                  <Link prefetch={false} href={`/problems/${e.problemId}`} className="text-primary hover:underline">
                    {e.articleTitle}
                  </Link>
                ) : (
                  <ul className="max-w-md space-y-0.5">
                    {(e.messages.length ? e.messages : [e.detail ?? e.title ?? "—"]).slice(0, 3).map((m, i) => (
                      <li key={i} className="line-clamp-2 break-words">
                        {showControls(m)}
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
