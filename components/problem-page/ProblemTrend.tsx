// A problem's events per day over the last 90 days, in the viewer's zone.
import type { Scope } from "@/lib/auth/scope";
import type { RangeClock } from "@/lib/queries/problem-filters";
import { problemDailySeries } from "@/lib/queries/problem-detail";
import { getDatabase } from "@/lib/runtime/database";
import { DailyEventsChart } from "@/components/charts/DailyEventsChart";

export async function ProblemTrend({ scope, id, clock }: { scope: Scope; id: string; clock: RangeClock }) {
  const series = await problemDailySeries(await getDatabase(), scope, id, 90, clock);
  return (
    <DailyEventsChart
      title="Events per day, last 90 days"
      series={series}
      fileName={`problem-${id}-events-per-day.csv`}
    />
  );
}
