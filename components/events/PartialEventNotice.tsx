// A partial event: what its log told, what is missing, and which log would complete it. Text only.
import { FORMAT_NAMES, HOW_TO_COMPLETE, isLogFormat } from "@/lib/logs/completion";
import { showControls } from "@/lib/problems/visible-text";

interface Props {
  evidence: unknown;
  known: {
    method: string | null;
    url: string | null;
    status: number;
    correlationId: string | null;
    client: string | null;
  };
}

const STATUS_FROM: Record<string, string> = {
  log: "the log",
  exception: "the exception class",
  message: "the log's message",
  assumed: "assumed (the log does not say)",
};

export function PartialEventNotice({ evidence, known }: Props) {
  const e = (typeof evidence === "object" && evidence !== null ? evidence : {}) as Record<string, unknown>;
  const format = isLogFormat(e.format) ? e.format : null;
  const text = (k: string) => (typeof e[k] === "string" && e[k] ? showControls(e[k] as string) : null);
  const knownParts = [
    known.method && "method",
    known.url && "URL",
    `status ${known.status} (from ${STATUS_FROM[text("statusFrom") ?? "log"] ?? "the log"})`,
    known.correlationId && "correlationId",
    known.client && "API client",
    text("exceptionType") && "exception class",
    text("message") && "message",
  ].filter(Boolean);
  return (
    <section
      className="mt-4 rounded-md border border-tone-warning-ring bg-tone-warning-bg p-3"
      aria-labelledby="partial-title"
      data-testid="partial-event"
    >
      <h2 id="partial-title" className="font-semibold">
        Partial event: no response body
      </h2>
      <p className="mt-1">Read from {format ? FORMAT_NAMES[format] : "a log"}; classified from what the log says.</p>
      <dl className="mt-2 grid grid-cols-[7rem_minmax(0,1fr)] gap-y-1">
        <dt className="text-muted-foreground">Known</dt>
        <dd>{knownParts.join(", ")}</dd>
        {text("exceptionType") && (
          <>
            <dt className="text-muted-foreground">Exception</dt>
            <dd>
              <code className="font-mono text-xs break-all">{text("exceptionType")}</code>
            </dd>
          </>
        )}
        {text("message") && (
          <>
            <dt className="text-muted-foreground">Log message</dt>
            <dd className="break-words">{text("message")}</dd>
          </>
        )}
        <dt className="text-muted-foreground">Missing</dt>
        <dd>
          the response body (its type, detail and validation errors){known.url ? "" : ", the URL"}
          {known.method ? "" : ", the method"}
          {known.client ? "" : ", the API client"}
        </dd>
        <dt className="text-muted-foreground">To complete it</dt>
        <dd>{format ? HOW_TO_COMPLETE[format] : "Send the response body to Triage with the same correlationId."}</dd>
      </dl>
    </section>
  );
}
