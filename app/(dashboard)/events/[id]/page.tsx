// One event: the request, the response (pretty-printed as text, never HTML), its validation
// errors by JSON path, the redacted request we kept, its classification and problem, the
// neighbouring events of the problem and the other events of its correlationId. Hidden characters
// of stored text (bidi overrides, zero-width) are shown as markers (showControls).
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getPageContext } from "@/lib/auth/page-context";
import { eventNeighbours, getEvent } from "@/lib/queries/event-list";
import { findEventsByCorrelationId } from "@/lib/queries/events";
import { getProblemDetail } from "@/lib/queries/problem-detail";
import { problemActivity } from "@/lib/triage/problem-triage";
import { RelativeTime } from "@/components/RelativeTime";
import { StatusBadge } from "@/components/StatusBadge";
import { CopyButton } from "@/components/CopyButton";
import { ClassificationReason } from "@/components/events/ClassificationReason";
import { EventTable } from "@/components/events/EventTable";
import { PartialEventNotice } from "@/components/events/PartialEventNotice";
import { LocalTime } from "@/components/LocalTime";
import { RouteBadge } from "@/components/RouteBadge";
import { showControls } from "@/lib/problems/visible-text";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Event #${(await params).id.slice(0, 20)}` };
}

function pretty(value: unknown): string {
  // JSON.stringify keeps U+2028/2029 and bidi characters as they are; showControls marks them.
  return showControls(typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? ""));
}

const shown = (text: string | null, empty: string) => (text === null ? empty : showControls(text));

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { viewer, db } = await getPageContext("read", `/events/${encodeURIComponent(id)}`);
  const event = await getEvent(db, viewer.scope, id);
  if (!event) notFound();
  const [neighbours, related, problem, activity] = await Promise.all([
    eventNeighbours(db, viewer.scope, event),
    event.correlationId ? findEventsByCorrelationId(db, viewer.scope, event.correlationId, 50) : Promise.resolve([]),
    getProblemDetail(db, viewer.scope, event.problemId),
    problemActivity(db, viewer.scope, event.problemId, 50),
  ]);
  const districts = await educationOrgNames(db);
  // Staff notes only reach staff: problemActivity leaves them out of a district admin's history.
  const latestNote = activity.find((a) => a.kind === "note");
  const others = related.filter((e) => e.id !== event.id);
  return (
    <article className="max-w-5xl" data-testid="event">
      <nav className="flex flex-wrap gap-x-4 text-primary">
        <Link prefetch={false} href={`/problems/${event.problemId}`} className="hover:underline">
          ← Problem #{event.problemId}
        </Link>
        {neighbours.older && (
          <Link prefetch={false} href={`/events/${neighbours.older}`} className="hover:underline" rel="prev">
            Older event of this problem
          </Link>
        )}
        {neighbours.newer && (
          <Link prefetch={false} href={`/events/${neighbours.newer}`} className="hover:underline" rel="next">
            Newer event of this problem
          </Link>
        )}
      </nav>
      <h1 className="mt-2 text-base font-semibold break-all">
        <span className="mr-2 rounded bg-accent px-1.5 font-mono">{event.status}</span>
        <span className="font-mono">
          {shown(event.method, "")} {shown(event.url, "(no URL)")}
        </span>
      </h1>
      <dl className="mt-3 grid grid-cols-[9rem_minmax(0,1fr)] gap-y-1.5">
        <dt className="text-muted-foreground">When</dt>
        <dd>
          <LocalTime iso={event.occurredAt} />
        </dd>
        <dt className="text-muted-foreground">District</dt>
        <dd>{event.lea ? showControls(districtLabel(event.lea, districts)) : "—"}</dd>
        <dt className="text-muted-foreground">API client</dt>
        <dd>{shown(event.client, "—")}</dd>
        <dt className="text-muted-foreground">correlationId</dt>
        <dd className="flex items-center gap-2">
          {event.correlationId ? (
            <>
              <code className="font-mono text-xs break-all" data-testid="correlation-id">
                {showControls(event.correlationId)}
              </code>
              <CopyButton value={event.correlationId} label="Copy the correlationId" />
            </>
          ) : (
            "—"
          )}
        </dd>
        <dt className="text-muted-foreground">Classified as</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <Link prefetch={false} href={`/kb/${event.articleId}`} className="text-primary hover:underline">
            {event.articleTitle}
          </Link>
          <RouteBadge team={event.route} alt={event.alt} />
          {event.kbUrl && (
            <a href={event.kbUrl} className="text-primary hover:underline" target="_blank" rel="noreferrer noopener">
              Ed-Fi knowledge base
            </a>
          )}
        </dd>
        <dt className="text-muted-foreground">Why this article</dt>
        <dd className="text-foreground" data-testid="classification-reason">
          <ClassificationReason reason={event.classificationReason} />
        </dd>
        <dt className="text-muted-foreground">Problem</dt>
        <dd data-testid="problem-triage">
          <Link
            prefetch={false}
            href={`/problems/${event.problemId}`}
            className="text-primary underline decoration-primary/50 underline-offset-2 hover:decoration-primary"
          >
            #{event.problemId}
          </Link>
          {problem && (
            <>
              {" "}
              · <StatusBadge status={problem.status} /> ·{" "}
              {problem.assignee ? `assigned to ${problem.assignee.name}` : "nobody assigned"}
              {problem.assignedTeam ? ` · team ${problem.assignedTeam}` : ""}
            </>
          )}
          {latestNote && (
            <p className="mt-1 text-sm break-words whitespace-pre-wrap text-foreground">
              Latest note ({latestNote.actor ?? "Triage"}, <RelativeTime iso={latestNote.at} />
              ): {showControls(latestNote.text)}
            </p>
          )}
        </dd>
        <dt className="text-muted-foreground">Body format</dt>
        <dd>
          {event.format}
          {event.receivedType ? (
            <>
              {" "}
              · type <code className="font-mono text-xs break-all">{showControls(event.receivedType)}</code>
            </>
          ) : null}
        </dd>
        {event.matchedArticles.length > 1 && (
          <>
            <dt className="text-muted-foreground">Also matched</dt>
            <dd>
              {event.matchedArticles.slice(1).map((a) => (
                <Link
                  prefetch={false}
                  key={a}
                  href={`/kb/${a}`}
                  className="mr-2 font-mono text-xs text-primary hover:underline"
                >
                  {a}
                </Link>
              ))}
            </dd>
          </>
        )}
      </dl>
      {event.partial && <PartialEventNotice evidence={event.logEvidence} known={event} />}
      {event.validationErrors.length > 0 && (
        <section className="mt-5" aria-labelledby="validation-title">
          <h2 id="validation-title" className="mb-1 font-semibold">
            Validation errors
          </h2>
          <ul className="space-y-1" data-testid="validation-errors">
            {event.validationErrors.map((v, i) => (
              <li key={i} className="break-words">
                <code className="mr-2 rounded bg-tone-warning-bg px-1 font-mono text-xs">
                  {shown(v.path, "(no path)")}
                </code>
                {showControls(v.message)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="mt-5" aria-labelledby="response-title">
        <h2 id="response-title" className="mb-1 font-semibold">
          Response body
        </h2>
        <pre
          className="max-h-[32rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs break-words whitespace-pre-wrap"
          data-testid="response-body"
        >
          {event.body === null || event.body === undefined ? "(no body)" : pretty(event.body)}
        </pre>
      </section>
      <section className="mt-5" aria-labelledby="request-title">
        <h2 id="request-title" className="mb-1 font-semibold">
          Request (as kept: personal data redacted)
        </h2>
        {event.requestHeaders && (
          <dl className="mb-2 grid grid-cols-[minmax(0,14rem)_minmax(0,1fr)] gap-x-3 font-mono text-xs">
            {Object.entries(event.requestHeaders).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted-foreground">{showControls(k)}</dt>
                <dd className="break-all">{showControls(v)}</dd>
              </div>
            ))}
          </dl>
        )}
        <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs break-words whitespace-pre-wrap">
          {event.requestBody === null ? "(no request body was sent to Triage)" : pretty(event.requestBody)}
        </pre>
      </section>
      <section className="mt-5" aria-labelledby="related-title">
        <h2 id="related-title" className="mb-1 font-semibold">
          Other events of this correlationId
        </h2>
        <EventTable
          events={others}
          districtNames={districts}
          showProblem
          empty={
            event.correlationId ? "No other event carries this correlationId." : "This event has no correlationId."
          }
        />
      </section>
    </article>
  );
}
