// What went wrong, in the API's own words: its events' messages, most telling first (text only).
import type { Scope } from "@/lib/auth/scope";
import { showControls } from "@/lib/problems";
import { problemTopMessages } from "@/lib/queries/top-messages";
import { getDatabase } from "@/lib/runtime/database";

/** The API's own words, most telling first, with how many of the problem's events (in scope) said each. */
export async function WhatWentWrong({
  scope,
  id,
  events,
  sample,
}: {
  scope: Scope;
  id: string;
  events: number;
  sample: string | null;
}) {
  const lines = await problemTopMessages(await getDatabase(), scope, id);
  const share = (n: number) => (events > 0 ? ` (${Math.round((n / events) * 100)}%)` : "");
  if (!lines.length)
    return sample ? (
      <p
        className="rounded bg-muted p-2 font-mono text-xs break-words whitespace-pre-wrap"
        data-testid="sample-message"
      >
        {showControls(sample)}
      </p>
    ) : null;
  return (
    <ol
      className="space-y-1 rounded bg-muted p-2 text-sm"
      data-testid="top-messages"
      aria-label="Messages of its events, most frequent first"
    >
      {lines.map((l) => (
        <li
          key={l.text}
          className={`flex flex-wrap items-baseline gap-x-2 break-words ${l.generic ? "text-muted-foreground" : ""}`}
        >
          {l.path && <span className="font-mono text-xs text-foreground">{showControls(l.path)}</span>}
          <span className="min-w-0 flex-1">{showControls(l.message)}</span>
          <span className="text-xs whitespace-nowrap text-muted-foreground tabular-nums">
            {l.events.toLocaleString("en-US")} event{l.events === 1 ? "" : "s"}
            {share(l.events)}
          </span>
        </li>
      ))}
    </ol>
  );
}
