// The knowledge base: every catalog article in our own words, grouped by who acts (route) and
// HTTP status, with the live number of problems and events in the viewer's districts.
import type { Metadata } from "next";
import Link from "next/link";
import { getPageContext } from "@/lib/auth/page-context";
import { ARTICLES, articlePage, TEAMS, type Team } from "@/lib/problems";
import { articleCounts } from "@/lib/queries/article-counts";
import { RouteBadge } from "@/components/RouteBadge";

export const metadata: Metadata = { title: "Knowledge base" };

const ROUTE_TITLES: Record<Team, string> = {
  dev: "The client application's developers fix these",
  data: "The source-data team corrects the data and resubmits",
  ops: "Hosting / IT operations fix these",
};

export default async function KnowledgeBasePage() {
  const { viewer, db } = await getPageContext("read", "/kb");
  const counts = await articleCounts(db, viewer.scope, 30);
  return (
    <div className="max-w-5xl">
      <h1 className="text-lg font-semibold">Knowledge base</h1>
      <p className="mt-1 text-muted-foreground">
        {ARTICLES.length} articles: what each error means, who acts and how to resolve it. Figures: last 30 days
        {viewer.scope.kind === "leas" ? ", your districts" : ""}.
      </p>
      {TEAMS.map((team) => {
        const articles = ARTICLES.filter((a) => a.route === team).sort(
          (a, b) => (a.status ?? 999) - (b.status ?? 999) || a.title.localeCompare(b.title),
        );
        const statuses = [...new Set(articles.map((a) => a.status))];
        return (
          <section key={team} className="mt-6" aria-labelledby={`route-${team}`}>
            <h2 id={`route-${team}`} className="flex items-center gap-2 font-semibold">
              <RouteBadge team={team} /> {ROUTE_TITLES[team]}
            </h2>
            {statuses.map((status) => (
              <div key={String(status)} className="mt-3">
                <h3 className="text-xs font-medium text-muted-foreground uppercase">
                  {status ? `HTTP ${status}` : "Any status"}
                </h3>
                <ul className="mt-1 divide-y divide-border rounded-md border border-border">
                  {articles
                    .filter((a) => a.status === status)
                    .map((a) => {
                      const c = counts.get(a.id);
                      return (
                        <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 px-3 py-2">
                          <Link
                            prefetch={false}
                            href={`/kb/${a.id}`}
                            className="font-medium text-primary hover:underline"
                          >
                            {a.title}
                          </Link>
                          <span className="min-w-0 flex-1 truncate text-muted-foreground">
                            {articlePage(a.id)?.meaning}
                          </span>
                          {c ? (
                            <Link
                              prefetch={false}
                              href={`/problems?article=${a.id}`}
                              className="text-foreground tabular-nums hover:underline"
                              data-testid={`count-${a.id}`}
                            >
                              {c.problems} problem{c.problems === 1 ? "" : "s"} · {c.events.toLocaleString("en-US")}{" "}
                              events
                            </Link>
                          ) : (
                            <span className="text-muted-foreground">none</span>
                          )}
                        </li>
                      );
                    })}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
