// The trends page's ranked lists (problems, resources, districts, API clients): tables with
// links to the filtered problems list, a CSV each, and small multiples for districts. Drawn on the
// server: only the CSV buttons run in the browser.
import Link from "next/link";
import type { ReactNode } from "react";
import { CsvButton, type ChartTable } from "@/components/charts/ChartFrame";
import { RouteBadge } from "@/components/RouteBadge";
import { Sparkline } from "@/components/ui/sparkline";
import type { ProblemTrend } from "@/lib/queries/trends";
import { problemsHref } from "@/lib/trends/links";
import { Change, changeText } from "./Change";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

interface Range {
  start: string;
  end: string;
  leas: string[];
  /** The viewer's time zone (the list the links open reads the range in it). */
  timeZone: string;
}

function Section({
  title,
  description,
  fileName,
  table,
  children,
}: {
  title: string;
  description?: ReactNode;
  fileName: string;
  table: ChartTable;
  children: ReactNode;
}) {
  return (
    <section className="min-w-0 rounded-md border border-border p-3" aria-label={title}>
      <header className="mb-2 flex items-start justify-between gap-2">
        <div>
          <h2 className="font-medium">{title}</h2>
          {description && <p className="text-xs text-muted-foreground">{description}</p>}
        </div>
        <CsvButton fileName={fileName} table={table} />
      </header>
      {children}
    </section>
  );
}

const th = "border-b border-border px-2 py-1 text-left text-xs font-medium text-muted-foreground";
const td = "border-b border-border px-2 py-1 align-top";

function Empty({ children }: { children: ReactNode }) {
  return <p className="py-4 text-center text-sm text-muted-foreground">{children}</p>;
}

export function ProblemTrendTable({
  title,
  description,
  problems,
  fileName,
  empty,
}: {
  title: string;
  description?: ReactNode;
  problems: ProblemTrend[];
  fileName: string;
  empty: string;
}) {
  const table = {
    columns: ["Problem", "Article", "Resource", "Route", "Events", "Previous period", "Change"],
    rows: problems.map((p) => [
      p.id,
      p.articleTitle,
      p.resource ?? "",
      p.route,
      p.events,
      p.previous,
      changeText(p.events, p.previous, p.changePercent),
    ]),
  };
  return (
    <Section title={title} description={description} fileName={fileName} table={table}>
      {problems.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <Table className="w-full text-sm">
          <TableHeader>
            <TableRow>
              <TableHead className={th}>Problem</TableHead>
              <TableHead className={`${th} text-right`}>Events</TableHead>
              <TableHead className={`${th} text-right`}>Change</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {problems.map((p) => (
              <TableRow key={p.id}>
                <TableCell className={td}>
                  <Link
                    prefetch={false}
                    href={`/problems/${p.id}`}
                    className="font-medium text-foreground hover:underline"
                  >
                    {p.articleTitle}
                  </Link>
                  <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                    {p.httpStatus && <span>{p.httpStatus}</span>}
                    {p.resource && <span className="font-mono">{p.resource}</span>}
                    <RouteBadge team={p.route} />
                  </div>
                </TableCell>
                <TableCell className={`${td} text-right tabular-nums`}>
                  {p.events.toLocaleString("en-US")}
                  <div className="text-xs text-muted-foreground">was {p.previous.toLocaleString("en-US")}</div>
                </TableCell>
                <TableCell className={`${td} text-right`}>
                  <Change {...p} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

/** What a row's key filters in the problems list. */
function linkOf(by: "resource" | "lea" | "client", key: string, range: Range) {
  return by === "lea"
    ? { lea: [key] }
    : by === "resource"
      ? { resource: key, lea: range.leas }
      : { client: key, lea: range.leas };
}

export function ChangeTable({
  title,
  keyLabel,
  rows,
  fileName,
  range,
  by,
  empty,
}: {
  title: string;
  keyLabel: string;
  rows: { key: string; label?: string; events: number; previous: number; changePercent: number | null }[];
  fileName: string;
  range: Range;
  by: "resource" | "lea" | "client";
  empty: string;
}) {
  const table = {
    columns: [keyLabel, "Events", "Previous period", "Change"],
    rows: rows.map((r) => [
      r.label ?? (r.key || "(none)"),
      r.events,
      r.previous,
      changeText(r.events, r.previous, r.changePercent),
    ]),
  };
  const max = Math.max(1, ...rows.map((r) => Math.max(r.events, r.previous)));
  return (
    <Section title={title} fileName={fileName} table={table}>
      {rows.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <Table className="w-full text-sm">
          <TableHeader>
            <TableRow>
              <TableHead className={th}>{keyLabel}</TableHead>
              <TableHead className={`${th} text-right`}>Events</TableHead>
              <TableHead className={`${th} text-right`}>Change</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell className={td}>
                  <Link
                    prefetch={false}
                    href={problemsHref(linkOf(by, r.key, range), range.start, range.end, range.timeZone)}
                    className="hover:underline"
                  >
                    {r.label ?? (r.key || <span className="text-muted-foreground">(none)</span>)}
                  </Link>
                  <div aria-hidden className="mt-1 h-1.5 rounded bg-accent">
                    <div className="h-1.5 rounded bg-primary" style={{ width: `${(r.events / max) * 100}%` }} />
                  </div>
                </TableCell>
                <TableCell className={`${td} text-right tabular-nums`}>
                  {r.events.toLocaleString("en-US")}
                  <div className="text-xs text-muted-foreground">was {r.previous.toLocaleString("en-US")}</div>
                </TableCell>
                <TableCell className={`${td} text-right`}>
                  <Change {...r} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

/** One small chart per district, on one scale, each a link to the district's problems. */
export function DistrictMultiples({
  districts,
  names = {},
  labels,
  fileName,
  range,
}: {
  districts: { lea: string; events: number; previous: number; changePercent: number | null; series: number[] }[];
  /** District names by code, where known. */
  names?: Record<string, string>;
  labels: string[];
  fileName: string;
  range: Range;
}) {
  const max = Math.max(1, ...districts.flatMap((d) => d.series));
  const nameOf = (lea: string) => (lea ? (names[lea] ? `${names[lea]} (${lea})` : lea) : "(none)");
  const table = { columns: ["District", ...labels], rows: districts.map((d) => [nameOf(d.lea), ...d.series]) };
  return (
    <Section
      title="Each district over time"
      description="Same scale for every district."
      fileName={fileName}
      table={table}
    >
      <ul className="grid grid-cols-2 gap-2 lg:grid-cols-3">
        {districts.map((d) => (
          <li key={d.lea} className="rounded border border-border p-2">
            <Link
              prefetch={false}
              href={problemsHref({ lea: [d.lea] }, range.start, range.end, range.timeZone)}
              className="flex items-baseline justify-between gap-2 text-sm hover:underline"
            >
              <span className={names[d.lea] ? "" : "font-mono"}>{nameOf(d.lea)}</span>
              <span className="text-muted-foreground tabular-nums">{d.events.toLocaleString("en-US")}</span>
            </Link>
            <div className="h-10">
              <Sparkline values={d.series} max={max} width={120} height={40} area fluid />
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
