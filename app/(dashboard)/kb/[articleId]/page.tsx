// Our knowledge-base page for one article: what it means, who acts, how to resolve, an example,
// and the link to the original knowledge-base section.
import Link from "next/link";
import { notFound } from "next/navigation";
import { articleKbUrl, articlePage, getArticle } from "@/lib/problems";
import { getPageContext } from "@/lib/auth/page-context";
import { articleCounts } from "@/lib/queries/article-counts";
import { RouteBadge } from "@/components/RouteBadge";

export async function generateMetadata({ params }: { params: Promise<{ articleId: string }> }) {
  const { articleId } = await params;
  return { title: getArticle(articleId)?.title ?? "Article" };
}

export default async function ArticlePage({ params }: { params: Promise<{ articleId: string }> }) {
  const { articleId } = await params;
  const { viewer, db } = await getPageContext("read", `/kb/${encodeURIComponent(articleId)}`);
  const article = getArticle(articleId);
  const page = articlePage(articleId);
  if (!article || !page) notFound();
  const count = (await articleCounts(db, viewer.scope, 30, article.id)).get(article.id);
  const kbUrl = articleKbUrl(article);
  return (
    <article className="max-w-3xl" data-testid="article">
      <Link href="/kb" className="text-primary hover:underline">
        ← Knowledge base
      </Link>
      <h1 className="mt-2 text-lg font-semibold">{article.title}</h1>
      <p className="mt-1 font-mono text-xs text-muted-foreground">
        {article.id}
        {article.status ? ` · HTTP ${article.status}` : ""}
      </p>
      <p className="mt-2" data-testid="article-count">
        {count ? (
          <Link href={`/problems?article=${article.id}`} className="text-primary hover:underline">
            {count.problems} problem{count.problems === 1 ? "" : "s"} · {count.events.toLocaleString("en-US")} events in
            the last 30 days{viewer.scope.kind === "leas" ? " in your districts" : ""}
          </Link>
        ) : (
          <span className="text-muted-foreground">
            No events of this kind in the last 30 days{viewer.scope.kind === "leas" ? " in your districts" : ""}.
          </span>
        )}
      </p>
      <dl className="mt-4 grid grid-cols-[9rem_1fr] gap-y-2">
        <dt className="text-muted-foreground">Route</dt>
        <dd>
          <RouteBadge team={article.route} alt={article.alt} />
        </dd>
        <dt className="text-muted-foreground">What it means</dt>
        <dd>{page.meaning}</dd>
        <dt className="text-muted-foreground">Who acts</dt>
        <dd>{page.whoActs}</dd>
        <dt className="text-muted-foreground">How to resolve</dt>
        <dd>
          <ul className="list-disc space-y-1 pl-5">
            {page.resolution.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        </dd>
        {page.otherStatuses && (
          <>
            <dt className="text-muted-foreground">Other statuses</dt>
            <dd data-testid="other-statuses">{page.otherStatuses}</dd>
          </>
        )}
        <dt className="text-muted-foreground">Example</dt>
        <dd>
          <code className="block rounded bg-muted p-2 font-mono text-xs break-words">
            {page.example.status}
            {page.example.type ? ` ${page.example.type}` : ""}
            {page.example.path ? ` ${page.example.path}:` : ""} {page.example.message}
          </code>
        </dd>
        <dt className="text-muted-foreground">Source</dt>
        <dd>
          {kbUrl ? (
            <a href={kbUrl} className="text-primary hover:underline" target="_blank" rel="noreferrer noopener">
              Ed-Fi knowledge base: {article.kbSection}
            </a>
          ) : (
            (article.sourceDocument ?? "—")
          )}
        </dd>
      </dl>
    </article>
  );
}
