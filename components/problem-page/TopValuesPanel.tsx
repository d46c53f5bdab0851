// What varies between a problem's events: its districts, clients, paths, descriptors, references
// and API versions, each a link that filters.
import Link from "next/link";
import type { Scope } from "@/lib/auth/scope";
import { districtLabel } from "@/lib/districts/edorg-file";
import { educationOrgNames } from "@/lib/districts/store";
import { showControls } from "@/lib/problems";
import type { RangeClock } from "@/lib/queries/problem-filters";
import { problemTopValues, type TopValue } from "@/lib/queries/problem-detail";
import { getDatabase } from "@/lib/runtime/database";

export async function TopValuesPanel({ scope, id, clock }: { scope: Scope; id: string; clock: RangeClock }) {
  const db = await getDatabase();
  const [top, districts] = await Promise.all([problemTopValues(db, scope, id, clock), educationOrgNames(db)]);
  type Group = { title: string; values: TopValue[]; href: (v: string) => string; label?: (v: string) => string };
  const all: Group[] = [
    {
      title: "Districts",
      values: top.districts,
      href: (v) => `/problems/${id}?lea=${encodeURIComponent(v)}#events`,
      label: (v) => districtLabel(v, districts),
    },
    {
      title: "API clients",
      values: top.clients,
      href: (v) => `/problems/${id}?client=${encodeURIComponent(v)}#events`,
    },
    { title: "Property paths", values: top.paths, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "Descriptor values", values: top.descriptors, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "Referenced resources", values: top.references, href: (v) => `/search?q=${encodeURIComponent(v)}` },
    { title: "API versions (URL path)", values: top.apiBases, href: (v) => `/search?q=${encodeURIComponent(v)}` },
  ];
  const groups = all.filter((g) => g.values.length);
  return (
    <section aria-labelledby="top-title" className="rounded-md border border-border p-3">
      <h2 id="top-title" className="font-medium">
        Top values
      </h2>
      <p className="mb-2 text-xs text-muted-foreground">
        Districts and clients: every event of the last 90 days. Others: the latest {top.sampled.toLocaleString("en-US")}{" "}
        events. Click to filter.
      </p>
      {groups.length === 0 ? (
        <p className="text-muted-foreground">Nothing varies between these events.</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {groups.map((g) => {
            const max = Math.max(...g.values.map((v) => v.count));
            return (
              <div key={g.title}>
                <h3 className="text-xs font-medium text-muted-foreground">{g.title}</h3>
                <ul className="mt-1 space-y-0.5">
                  {g.values.map((v) => (
                    <li key={v.value}>
                      <Link
                        prefetch={false}
                        href={g.href(v.value)}
                        className="group relative flex min-h-6 items-center justify-between gap-2 rounded px-1 py-0.5 hover:bg-muted"
                      >
                        <span
                          aria-hidden
                          className="absolute inset-y-0 left-0 rounded bg-tone-brand-bg"
                          style={{ width: `${(v.count / max) * 100}%` }}
                        />
                        <span
                          className={`relative truncate text-xs ${g.label ? "" : "font-mono"}`}
                          title={showControls(v.value)}
                        >
                          {showControls(g.label ? g.label(v.value) : v.value)}
                        </span>
                        <span className="relative text-xs text-muted-foreground tabular-nums">
                          {v.count.toLocaleString("en-US")}
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
