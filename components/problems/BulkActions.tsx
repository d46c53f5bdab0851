"use client";
// Bulk triage on the selected problems, or on every problem of the current filter; a dialog
// states how many will change before anything is written.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeProblemsAction } from "@/lib/actions/problems";
import { PROBLEM_STATUSES, STATUS_LABELS, TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import type { ProblemChange } from "@/lib/triage/problem-triage";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";

export function BulkActions({
  selected,
  total,
  query,
  users,
  onDone,
}: {
  selected: string[];
  total: number;
  query: string;
  users: { id: number; name: string }[];
  onDone: () => void;
}) {
  const router = useRouter();
  const [everything, setEverything] = useState(false);
  const [change, setChange] = useState<ProblemChange>({});
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, start] = useTransition();
  const count = everything ? total : selected.length;
  const empty = change.team === undefined && change.assigneeId === undefined && change.status === undefined;
  const describe = [
    change.team !== undefined && `team: ${change.team ?? "back to the suggestion"}`,
    change.assigneeId !== undefined &&
      `person: ${change.assigneeId === null ? "nobody" : (users.find((u) => u.id === change.assigneeId)?.name ?? change.assigneeId)}`,
    change.status !== undefined && `status: ${change.status.replace("_", " ")}`,
  ]
    .filter(Boolean)
    .join(", ");

  function apply() {
    start(async () => {
      const answer = await changeProblemsAction(everything ? { query } : { ids: selected }, change);
      setConfirming(false);
      if (answer.ok) {
        setResult({
          text: `Changed ${answer.changed.toLocaleString("en-US")} of ${answer.matched.toLocaleString("en-US")} problems (${describe}).`,
          error: false,
        });
        setChange({});
        setEverything(false);
        onDone();
        router.refresh();
      } else setResult({ text: answer.error, error: true });
    });
  }

  if (!selected.length && !result) return null;
  return (
    <div
      className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-primary/40 bg-tone-brand-bg px-3 py-2"
      role="region"
      aria-label="Bulk actions"
    >
      {selected.length > 0 && (
        <>
          <span className="font-medium">
            {everything
              ? `All ${total.toLocaleString("en-US")} problems of this filter`
              : `${selected.length} selected`}
          </span>
          {!everything && total > selected.length && (
            <Button variant="link" type="button" className="text-primary underline" onClick={() => setEverything(true)}>
              Select all {total.toLocaleString("en-US")} results
            </Button>
          )}
          {everything && (
            <Button
              variant="link"
              type="button"
              className="text-primary underline"
              onClick={() => setEverything(false)}
            >
              Only the {selected.length} selected
            </Button>
          )}
          <NativeSelect
            aria-label="Team"
            value={change.team === undefined ? "" : (change.team ?? "none")}
            onChange={(e) =>
              setChange({
                ...change,
                team:
                  e.target.value === ""
                    ? undefined
                    : e.target.value === "none"
                      ? null
                      : (e.target.value as ProblemChange["team"]),
              })
            }
            className="h-8 rounded border border-input bg-background px-1"
          >
            <option value="">Team…</option>
            {TEAMS.map((t) => (
              <option key={t} value={t}>
                {TEAM_LABELS[t]}
              </option>
            ))}
            <option value="none">back to the suggestion</option>
          </NativeSelect>
          <NativeSelect
            aria-label="Person"
            value={change.assigneeId === undefined ? "" : String(change.assigneeId ?? "none")}
            onChange={(e) =>
              setChange({
                ...change,
                assigneeId:
                  e.target.value === "" ? undefined : e.target.value === "none" ? null : Number(e.target.value),
              })
            }
            className="h-8 rounded border border-input bg-background px-1"
          >
            <option value="">Person…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            <option value="none">nobody</option>
          </NativeSelect>
          <NativeSelect
            aria-label="Status"
            value={change.status ?? ""}
            onChange={(e) =>
              setChange({
                ...change,
                status: e.target.value === "" ? undefined : (e.target.value as ProblemChange["status"]),
              })
            }
            className="h-8 rounded border border-input bg-background px-1"
          >
            <option value="">Status…</option>
            {PROBLEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </NativeSelect>
          <Button
            variant="ghost"
            type="button"
            disabled={empty || pending}
            onClick={() => setConfirming(true)}
            className="h-8 rounded-md bg-primary px-3 font-medium text-primary-foreground disabled:opacity-40"
          >
            Apply…
          </Button>
          <Button variant="link" type="button" onClick={onDone} className="h-8 px-2 text-foreground hover:underline">
            Clear selection
          </Button>
        </>
      )}
      {result && (
        <p
          role={result.error ? "alert" : "status"}
          className={`basis-full ${result.error ? "text-destructive" : "text-tone-success-fg"}`}
        >
          {result.text}
        </p>
      )}
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>
              Change {count.toLocaleString("en-US")} problem{count === 1 ? "" : "s"}?
            </DialogTitle>
            <DialogDescription>
              This sets {describe} on {count.toLocaleString("en-US")} problem{count === 1 ? "" : "s"}
              {everything ? " — every problem of the current filter" : ""}. Each change is recorded in the
              problem&apos;s history.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button onClick={apply} disabled={pending}>
              {pending ? "Saving…" : `Change ${count.toLocaleString("en-US")}`}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
