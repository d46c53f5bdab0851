// Search results: a correlationId of exactly one event opens that event; otherwise every kind of
// match is listed, grouped (event, correlationId, problem, district, client, resource, message text).
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getPageContext } from "@/lib/auth/page-context";
import { educationOrgNames } from "@/lib/districts/store";
import { SEARCH_COUNT_DAYS, searchEverything, type SearchResults } from "@/lib/queries/search";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { showControls } from "@/lib/problems/visible-text";
import { EventTable } from "@/components/events/EventTable";
import { StatusBadge } from "@/components/StatusBadge";

export const metadata: Metadata = { title: "Search" };

/** Links sit inside running text here: underlined, not told apart by colour alone. */
const link = "text-primary underline decoration-primary/50 underline-offset-2 hover:decoration-primary";

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const { viewer, db } = await getPageContext("read", `/search?q=${encodeURIComponent(q)}`);
  const timeZone = await viewerTimeZone();
  const [r, districtNames] = await Promise.all([
    searchEverything(db, viewer.scope, q, { timeZone }),
    educationOrgNames(db),
  ]);
  if (r.correlation.length === 1 && !r.event && !r.problem) redirect(`/events/${r.correlation[0].id}`);
  const nothing =
    !r.event &&
    !r.correlation.length &&
    !r.problem &&
    !r.districts.length &&
    !r.clients.length &&
    !r.resources.length &&
    !r.articles.length &&
    !r.text.length;
  const section = "mt-5";
  return (
    <div className="max-w-5xl" data-testid="search-results">
      <h1 className="text-lg font-semibold">Search</h1>
      {!r.q ? (
        <p className="mt-2 text-muted-foreground">
          Type a correlationId, an event or problem id, an LEA code, an API client, a resource or words of an error
          message in the search box (press <kbd>/</kbd>).
        </p>
      ) : (
        <p className="mt-1 text-muted-foreground">
          Results for <q className="font-mono">{showControls(r.q)}</q>
          {viewer.scope.kind === "leas" ? " in your districts" : ""}.
        </p>
      )}
      {r.q && nothing && <NothingMatches results={r} scoped={viewer.scope.kind === "leas"} />}
      {r.event && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">Event</h2>
          <EventTable events={[r.event]} districtNames={districtNames} showProblem empty="" />
        </section>
      )}
      {r.correlation.length > 0 && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">
            {r.correlationByPrefix ? (
              <>
                Events whose correlationId starts with <span className="font-mono">{showControls(r.searched)}</span>
              </>
            ) : (
              "Events with this correlationId"
            )}{" "}
            ({r.correlation.length})
          </h2>
          <EventTable events={r.correlation} districtNames={districtNames} showProblem empty="" />
        </section>
      )}
      {r.problem && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">Problem</h2>
          <p>
            <Link prefetch={false} href={`/problems/${r.problem.id}`} className={`font-medium ${link}`}>
              #{r.problem.id} {r.problem.articleTitle}
            </Link>{" "}
            <span className="font-mono text-xs">{r.problem.resource}</span> <StatusBadge status={r.problem.status} />
          </p>
        </section>
      )}
      {(r.districts.length > 0 || r.clients.length > 0) && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">Districts and clients</h2>
          <ul className="space-y-1">
            {r.districts.map((d) => (
              <li key={d.lea}>
                <Link prefetch={false} href={`/problems?lea=${encodeURIComponent(d.lea)}`} className={link}>
                  District {d.name ? `${showControls(d.name)} (${showControls(d.lea)})` : showControls(d.lea)}
                </Link>{" "}
                · {d.events.toLocaleString("en-US")} events in the last {SEARCH_COUNT_DAYS} days
              </li>
            ))}
            {r.clients.map((c) => (
              <li key={c.client}>
                <Link prefetch={false} href={`/problems?client=${encodeURIComponent(c.client)}`} className={link}>
                  API client {showControls(c.client)}
                </Link>{" "}
                · {c.events.toLocaleString("en-US")} events in the last {SEARCH_COUNT_DAYS} days
              </li>
            ))}
          </ul>
        </section>
      )}
      {r.resources.length > 0 && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">Resources</h2>
          <ul className="space-y-1">
            {r.resources.map((x) => (
              <li key={x.resource}>
                <Link
                  prefetch={false}
                  href={`/problems?resource=${encodeURIComponent(x.resource)}`}
                  className={`font-mono ${link}`}
                >
                  {showControls(x.resource)}
                </Link>{" "}
                · {x.problems} problem{x.problems === 1 ? "" : "s"}
              </li>
            ))}
          </ul>
        </section>
      )}
      {r.articles.length > 0 && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">Articles</h2>
          <ul className="space-y-1" data-testid="article-matches">
            {r.articles.map((a) => (
              <li key={a.articleId}>
                <Link prefetch={false} href={`/problems?article=${encodeURIComponent(a.articleId)}`} className={link}>
                  {a.title}
                </Link>
                {" · "}
                {a.problems} problem{a.problems === 1 ? "" : "s"}, {a.events.toLocaleString("en-US")} event
                {a.events === 1 ? "" : "s"} in the last {SEARCH_COUNT_DAYS} days
                {" · "}
                <Link
                  prefetch={false}
                  href={`/kb/${encodeURIComponent(a.articleId)}`}
                  className="text-xs text-muted-foreground underline decoration-border underline-offset-2 hover:decoration-muted-foreground"
                >
                  article
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {r.text.length > 0 && (
        <section className={section}>
          <h2 className="mb-1 font-semibold">
            In error messages: {r.textEvents.toLocaleString("en-US")} events in {r.text.length} problem
            {r.text.length === 1 ? "" : "s"}, all time
          </h2>
          <ul className="space-y-1" data-testid="text-matches">
            {r.text.map((t) => (
              <li key={t.problemId}>
                <Link prefetch={false} href={`/problems/${t.problemId}`} className={link}>
                  #{t.problemId} {t.articleTitle}
                </Link>{" "}
                <span className="font-mono text-xs">{t.resource ?? ""}</span> · {t.events.toLocaleString("en-US")} event
                {t.events === 1 ? "" : "s"}
                {t.message && (
                  <div className="text-xs break-words text-foreground" data-testid="match-line">
                    {showControls(t.message)}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** Says what was searched and what to try instead, so an empty page is never a dead end. */
function NothingMatches({ results: r, scoped }: { results: SearchResults; scoped: boolean }) {
  const idLike = r.searched.length > 0 && !/\s/.test(r.searched);
  return (
    <div
      className="mt-4 rounded-md border border-dashed border-input p-4 text-muted-foreground"
      data-testid="nothing-matches"
    >
      <p className="font-medium">
        Nothing matches <q className="font-mono">{showControls(r.searched)}</q>
        {scoped ? " in your districts" : ""}.
      </p>
      <p className="mt-1">
        Searched: {idLike ? "correlationIds (any case, or starting with it from 8 characters), " : ""}event and problem
        ids, district codes and names, API clients, resources, article titles
        {r.words.length ? (
          <>
            {" "}
            and message texts holding{" "}
            {r.words.map((w, i) => (
              <span key={w}>
                {i ? ", " : ""}
                <q className="font-mono">{showControls(w)}</q>
              </span>
            ))}
          </>
        ) : (
          ""
        )}
        .
      </p>
      <ul className="mt-2 list-disc pl-5 text-sm">
        <li>Paste a correlationId whole, or at least its first 8 characters.</li>
        <li>
          Use fewer or shorter words of the message: every word must appear (in any order), each of at least 3
          characters.
        </li>
        <li>
          Browse{" "}
          <Link prefetch={false} href="/problems" className={link}>
            all problems
          </Link>{" "}
          or the{" "}
          <Link prefetch={false} href="/kb" className={link}>
            articles
          </Link>
          .{scoped ? " Events outside your districts are never searched." : ""}
        </li>
      </ul>
    </div>
  );
}
