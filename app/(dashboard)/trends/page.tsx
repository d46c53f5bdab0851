// Error trends for the viewer's districts, in the viewer's time zone: errors per hour or day by
// route or status against the previous period, top/new/rising problems, resources, districts and
// API clients. Every figure is summed from the trend rollups (lib/queries/trends.ts).
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import type { Metadata } from "next";
import { Suspense } from "react";
import type { SearchParams } from "nuqs/server";
import { getPageContext } from "@/lib/auth/page-context";
import { narrowScope, type Scope } from "@/lib/auth/scope";
import { getDatabase } from "@/lib/runtime/database";
import { viewerTimeZone } from "@/lib/time/viewer-time-zone";
import { TEAMS, trendReport, type TrendReport } from "@/lib/queries/trends";
import { loadTrendSearch, serializeTrendSearch, type TrendSearch } from "@/lib/search-params/trends";
import {
  addDays,
  customRangeValue,
  formatLocal,
  localDateOf,
  MAX_HOURLY_BUCKETS,
  trendPeriods,
  type TrendPeriods,
} from "@/lib/trends/periods";
import { RangeNotices } from "@/components/RangeNotices";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeZoneSync } from "@/components/trends/TimeZoneSync";
import { TrendControls } from "@/components/trends/TrendControls";
import { TrendChart, type ChartBucket, type ChartSeries } from "@/components/trends/TrendChart";
import { ChangeTable, DistrictMultiples, ProblemTrendTable } from "@/components/trends/TrendTables";
import { Change } from "@/components/trends/Change";
import { OTHER_SERIES_COLOR, SERIES_COLORS, TEAM_COLORS } from "@/components/charts/series-colors";

export const metadata: Metadata = { title: "Trends" };

const ROUTE_LABELS = {
  dev: "dev (client developers)",
  data: "data (source-data team)",
  ops: "ops (hosting / IT)",
} as const;

export default async function TrendsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const search = loadTrendSearch(await searchParams);
  const { viewer, db } = await getPageContext("read", `/trends${serializeTrendSearch(search)}`);
  const timeZone = await viewerTimeZone();
  const periods = trendPeriods({
    range: search.range,
    from: search.from,
    to: search.to,
    bucket: search.bucket,
    timeZone,
  });
  const scope = narrowScope(viewer.scope, search.lea);
  const districts = viewer.scope.kind === "leas" ? viewer.scope.leaCodes : null;
  const names = await educationOrgNames(db);
  // Names only of districts the viewer may see: a district admin typing another code into the URL learns nothing.
  const label = (codes: readonly string[]) =>
    codes.map((c) => (districts && !districts.includes(c) ? c : districtLabel(c, names))).join(", ");
  return (
    <>
      <TimeZoneSync current={timeZone} />
      <h1 className="mb-1 text-lg font-semibold">Trends</h1>
      <p className="mb-4 text-muted-foreground">
        Errors {periods.label},{" "}
        {search.lea.length
          ? `in district ${label(search.lea)}`
          : districts
            ? `in your districts (${label(districts)})`
            : "in every district"}
        ; days and hours in {timeZone}.
      </p>
      <RangeNotices notices={periods.notices} />
      <Suspense key={JSON.stringify([search, timeZone])} fallback={<TrendsSkeleton />}>
        <Trends scope={scope} periods={periods} search={search} viewerDistricts={districts} />
      </Suspense>
    </>
  );
}

function TrendsSkeleton() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading trends…">
      <Skeleton className="h-8 w-[32rem] max-w-full" />
      <Skeleton className="h-72 w-full" />
      <div className="grid gap-3 lg:grid-cols-2">
        <Skeleton className="h-56" />
        <Skeleton className="h-56" />
      </div>
    </div>
  );
}

function chartBuckets(report: TrendReport, periods: TrendPeriods, stack: TrendSearch["stack"]): ChartBucket[] {
  return report.buckets.map((b) => {
    const start = Date.parse(b.start);
    const end = Date.parse(b.end);
    return {
      label:
        periods.bucket === "day" ? formatLocal(start, periods.timeZone, false) : formatLocal(start, periods.timeZone),
      start: b.start,
      end: b.end,
      localFrom: customRangeValue(start, periods, "from"),
      localTo: customRangeValue(end, periods, "to"),
      events: b.events,
      previous: b.previous,
      values: stack === "route" ? b.byRoute : b.byStatus,
      unfinished: b.unfinished,
    };
  });
}

function chartSeries(report: TrendReport, stack: TrendSearch["stack"]): ChartSeries[] {
  if (stack === "route")
    return TEAMS.map((team) => ({
      key: team,
      label: ROUTE_LABELS[team],
      color: TEAM_COLORS[team],
      filter: { route: team },
    }));
  return report.statuses.map((s, i) => ({
    key: s,
    label: s === "other" ? "other statuses" : `HTTP ${s}`,
    color: s === "other" ? OTHER_SERIES_COLOR : SERIES_COLORS[i % SERIES_COLORS.length],
    filter: { http: (s === "other" ? report.otherStatuses : [s]).map(Number) },
  }));
}

async function Trends({
  scope,
  periods,
  search,
  viewerDistricts,
}: {
  scope: Scope;
  periods: TrendPeriods;
  search: TrendSearch;
  viewerDistricts: readonly string[] | null;
}) {
  const db = await getDatabase();
  const report = await trendReport(db, scope, periods);
  const hours = (periods.current.end - periods.current.starts[0]) / 3_600_000;
  const range = { start: report.range.start, end: report.range.end, leas: search.lea, timeZone: periods.timeZone };
  const file = (what: string) =>
    `trends_${what}_${localDateOf(periods.current.starts[0], periods.timeZone)}_${localDateOf(periods.current.end - 1, periods.timeZone)}${search.lea.length ? `_lea-${search.lea.join("-")}` : ""}.csv`;
  const buckets = chartBuckets(report, periods, search.stack);
  const districtChoices = viewerDistricts ? [...viewerDistricts] : report.districts.map((d) => d.lea).filter(Boolean);
  const names = await educationOrgNames(db);
  const districtNames = Object.fromEntries(districtChoices.filter((c) => names.has(c)).map((c) => [c, names.get(c)!]));
  const severalDistricts = viewerDistricts ? viewerDistricts.length > 1 : true;
  const today = localDateOf(
    search.range === "custom" ? periods.current.end + 1 : periods.current.end - 1,
    periods.timeZone,
  );
  return (
    <>
      <TrendControls
        districts={districtChoices}
        names={districtNames}
        hourlyAllowed={hours <= MAX_HOURLY_BUCKETS}
        bucket={periods.bucket}
        firstDay={addDays(today, -13)}
        lastDay={today}
      />
      <p className="mb-3 flex flex-wrap items-baseline gap-x-3 text-sm" data-testid="trend-total">
        <span className="text-2xl font-semibold tabular-nums">{report.totals.events.toLocaleString("en-US")}</span>{" "}
        <span className="text-muted-foreground">errors</span> <Change {...report.totals} />{" "}
        <span className="text-muted-foreground" data-testid="trend-comparison">
          against {report.totals.previous.toLocaleString("en-US")} in the {periods.current.starts.length}{" "}
          {periods.bucket === "day" ? "days" : "hours"} before
          {periods.unfinished !== null && (
            <>
              , counted only up to the same time of day ({formatLocal(periods.previous.end, periods.timeZone)}), because
              this range is still running
            </>
          )}
        </span>
      </p>
      {report.totals.events === 0 && report.totals.previous === 0 ? (
        <div className="rounded-md border border-dashed border-input p-8 text-center text-muted-foreground">
          <p className="font-medium">No errors in this range.</p>
          <p className="mt-1">
            Choose a longer range, or check that your API sends its errors to Triage (README “Ingest”).
          </p>
        </div>
      ) : (
        <div className="space-y-3">
          <TrendChart
            title={`Errors per ${periods.bucket}, by ${search.stack}`}
            buckets={buckets}
            series={chartSeries(report, search.stack)}
            fileName={file(`per-${periods.bucket}-by-${search.stack}`)}
            query={serializeTrendSearch(search).replace(/^\?/, "")}
            bucket={periods.bucket}
            leas={search.lea}
            timeZone={periods.timeZone}
          />
          <div className="grid gap-3 lg:grid-cols-2">
            <ProblemTrendTable
              title="Top problems"
              problems={report.topProblems}
              fileName={file("top-problems")}
              empty="No problems in this range."
            />
            <ProblemTrendTable
              title="Rising problems"
              description="Problems seen before this range, ranked by how many more events they had than in the period just before it."
              problems={report.risingProblems}
              fileName={file("rising-problems")}
              empty="Nothing is rising: no problem grew against the previous period."
            />
            <ProblemTrendTable
              title="New problems"
              description="First seen in your districts during this range."
              problems={report.newProblems}
              fileName={file("new-problems")}
              empty="No new problems in this range."
            />
            <ChangeTable
              title="Top resources"
              keyLabel="Resource"
              rows={report.resources.map((r) => ({ key: r.resource, ...r }))}
              fileName={file("resources")}
              range={range}
              by="resource"
              empty="No resources in this range."
            />
          </div>
          <div className="grid gap-3 lg:grid-cols-2">
            {severalDistricts && (
              <ChangeTable
                title="Districts"
                keyLabel="District (LEA)"
                rows={report.districts.map((d) => ({
                  key: d.lea,
                  ...(names.has(d.lea) ? { label: districtLabel(d.lea, names) } : {}),
                  ...d,
                }))}
                fileName={file("districts")}
                range={range}
                by="lea"
                empty="No district had errors in this range."
              />
            )}
            <ChangeTable
              title="API clients"
              keyLabel="Client"
              rows={report.clients.map((c) => ({ key: c.client, ...c }))}
              fileName={file("clients")}
              range={range}
              by="client"
              empty="No client had errors in this range."
            />
          </div>
          {severalDistricts && report.districts.length > 1 && (
            <DistrictMultiples
              districts={report.districts}
              names={Object.fromEntries(
                report.districts.filter((d) => names.has(d.lea)).map((d) => [d.lea, names.get(d.lea)!]),
              )}
              labels={buckets.map((b) => b.label)}
              fileName={file("districts-over-time")}
              range={range}
            />
          )}
        </div>
      )}
    </>
  );
}
