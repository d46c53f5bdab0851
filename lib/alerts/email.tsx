// The alert e-mail's HTML part, a React component rendered on the server (react-dom/server);
// the text part is the same lines as plain text (message.ts). Inline styles: mail clients drop
// <style>; a dark-mode media query is kept for those that honour it. react-dom/server is loaded
// at run time, outside Turbopack: Next refuses it in a bundle (the worker runs in the server
// process, bundled through instrumentation.ts), and Node resolves it from node_modules.
import { headline, summaryLines, type AlertFacts } from "./message";

export function AlertEmail({ facts }: { facts: AlertFacts }) {
  const lines = summaryLines(facts);
  return (
    <html lang="en">
      {/* An e-mail document, not a Next page: next/head does not apply. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta charSet="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <title>{headline(facts)}</title>
        <style>
          {
            "@media (prefers-color-scheme: dark){body{background:#0f172a!important;color:#e2e8f0!important}a{color:#93c5fd!important}}"
          }
        </style>
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", background: "#ffffff", color: "#0f172a", padding: "16px" }}>
        <h1 style={{ fontSize: "18px", margin: "0 0 12px" }}>{lines[0]}</h1>
        {lines.slice(1, -1).map((line) => (
          <p key={line} style={{ margin: "4px 0" }}>
            {line}
          </p>
        ))}
        <p style={{ marginTop: "16px" }}>
          <a href={facts.link} style={{ color: "#1d4ed8" }}>
            Open in Triage
          </a>
        </p>
      </body>
    </html>
  );
}

type Server = { renderToStaticMarkup(element: React.ReactElement): string };
let server: Promise<Server> | undefined;

export async function renderAlertEmail(facts: AlertFacts): Promise<{ subject: string; html: string; text: string }> {
  server ??= import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "react-dom/server") as Promise<Server>;
  const { renderToStaticMarkup } = await server;
  return {
    subject: `[Triage] ${headline(facts)}`,
    html: `<!doctype html>${renderToStaticMarkup(<AlertEmail facts={facts} />)}`,
    text: summaryLines(facts).join("\n") + "\n",
  };
}
