// The digest e-mail's HTML part, a React component (rendered at run time like email.tsx), and its text part.
import { digestLines, type DigestFacts } from "./digest";

export function DigestEmail({ facts }: { facts: DigestFacts }) {
  const lines = digestLines(facts);
  const cell = { padding: "2px 8px", borderBottom: "1px solid #e2e8f0" };
  const table = (
    title: string,
    rows: { id: string; articleId: string; resource: string | null; events: number; link: string; previous?: number }[],
  ) =>
    rows.length > 0 && (
      <>
        <h2 style={{ fontSize: "15px", margin: "16px 0 4px" }}>{title}</h2>
        <table style={{ borderCollapse: "collapse" }}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td style={cell}>
                  <a href={r.link} style={{ color: "#1d4ed8" }}>
                    #{r.id}
                  </a>
                </td>
                <td style={cell}>
                  {r.articleId}
                  {r.resource ? ` (${r.resource})` : ""}
                </td>
                <td style={{ ...cell, textAlign: "right" }}>
                  {r.previous !== undefined ? `${r.previous} → ` : ""}
                  {r.events}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  return (
    <html lang="en">
      {/* An e-mail document, not a Next page: next/head does not apply. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <title>{lines[0]}</title>
        <style>
          {"@media (prefers-color-scheme: dark){body{background:#0f172a!important;color:#e2e8f0!important}" +
            "a{color:#93c5fd!important}td{border-color:#334155!important}}"}
        </style>
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", background: "#ffffff", color: "#0f172a", padding: "16px" }}>
        <h1 style={{ fontSize: "18px", margin: "0 0 8px" }}>{lines[0]}</h1>
        <p style={{ margin: "4px 0" }}>{lines[1]}</p>
        {table("New problems", facts.newProblems)}
        {table("Rising problems", facts.risingProblems)}
        {facts.resources.length > 0 && (
          <p>Top resources: {facts.resources.map((r) => `${r.name} ${r.events}`).join(", ")}</p>
        )}
        {facts.clients.length > 0 && <p>Top clients: {facts.clients.map((r) => `${r.name} ${r.events}`).join(", ")}</p>}
        <p style={{ marginTop: "16px" }}>
          <a href={facts.link} style={{ color: "#1d4ed8" }}>
            Open the trends in Triage
          </a>
        </p>
      </body>
    </html>
  );
}

type Server = { renderToStaticMarkup(element: React.ReactElement): string };

export async function renderDigestEmail(facts: DigestFacts): Promise<{ subject: string; html: string; text: string }> {
  const { renderToStaticMarkup } = (await import(
    /* turbopackIgnore: true */ /* webpackIgnore: true */ "react-dom/server"
  )) as Server;
  const lines = digestLines(facts);
  // "[Triage] Daily digest, …": the title without its own "Triage ".
  const title = lines[0].slice("Triage ".length);
  return {
    subject: `[Triage] ${title.charAt(0).toUpperCase()}${title.slice(1)}`,
    html: `<!doctype html>${renderToStaticMarkup(<DigestEmail facts={facts} />)}`,
    text: lines.join("\n") + "\n",
  };
}
