// The page of a problem reclassification left with no events: where they went, and its history.
import Link from "next/link";
import type { MergedProblem } from "@/lib/queries/problem-detail";
import type { ActivityEntry } from "@/lib/triage/problem-triage";
import { BackToProblems } from "@/components/problems/BackToProblems";
import { ProblemHistory } from "./ProblemHistory";

/** A problem left with no events by reclassification: where they went, and its triage history. */
export function MergedProblemPage({ merged, activity }: { merged: MergedProblem; activity: ActivityEntry[] }) {
  return (
    <div className="grid max-w-3xl gap-4">
      <div>
        <BackToProblems />
        <h1 className="mt-2 flex flex-wrap items-center gap-2 text-lg font-semibold">
          {merged.articleTitle}{" "}
          <span className="font-mono text-sm font-normal text-muted-foreground">#{merged.id}</span>
        </h1>
      </div>
      <p className="rounded-md border border-tone-warning-ring bg-tone-warning-bg p-3" data-testid="merged-into">
        This problem has no events any more: today&apos;s classifier moved them into{" "}
        <Link href={`/problems/${merged.mergedInto}`} className="font-medium text-primary underline">
          problem #{merged.mergedInto}
        </Link>
        . Its triage history stays below.
      </p>
      <ProblemHistory activity={activity} staff />
    </div>
  );
}
