// A problem's triage history: notes and changes, as problemActivity lets the viewer read them.
import Link from "next/link";
import { showControls } from "@/lib/problems";
import type { ActivityEntry } from "@/lib/triage/problem-triage";
import { RelativeTime } from "@/components/RelativeTime";

export function ProblemHistory({ activity, staff }: { activity: ActivityEntry[]; staff: boolean }) {
  return (
    <section aria-labelledby="history-title" className="rounded-md border border-border p-3">
      <h2 id="history-title" className="mb-2 font-semibold">
        History
      </h2>
      {!staff && (
        <p className="mb-2 text-xs text-muted-foreground">
          Staff notes and triage changes are internal to the Triage team; you see the entries about your districts.
        </p>
      )}
      {activity.length === 0 ? (
        <p className="text-muted-foreground">
          {staff
            ? "No triage yet: assign a team or person, set a status or leave a note."
            : "Nothing about your districts yet."}
        </p>
      ) : (
        <ol className="space-y-2" data-testid="history">
          {activity.map((a) => (
            <li key={a.id} className="border-l-2 border-border pl-2">
              <div className="text-xs text-muted-foreground">
                <RelativeTime iso={a.at} /> · {a.actor ?? "Triage"}
              </div>
              <div className={a.kind === "note" ? "break-words whitespace-pre-wrap" : ""}>
                {showControls(a.text)}
                {a.eventId && (
                  <>
                    {" "}
                    (event{" "}
                    <Link prefetch={false} href={`/events/${a.eventId}`} className="text-primary hover:underline">
                      #{a.eventId}
                    </Link>
                    )
                  </>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
