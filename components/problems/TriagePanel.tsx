"use client";
// The triage panel of a problem: team (dev / data / ops), person, status, and a note. Saving over
// a change someone made after this page was loaded still saves, and says so; the history below
// keeps both.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addNoteAction, triageProblemAction } from "@/lib/actions/problems";
import { PROBLEM_STATUSES, STATUS_LABELS, TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import type { ProblemChange } from "@/lib/triage/problem-triage";
import { Textarea } from "@/components/ui/textarea";
import { NativeSelect } from "@/components/ui/native-select";
import { Button } from "@/components/ui/button";

interface Props {
  problemId: string;
  team: string | null;
  suggested: string;
  assigneeId: number | null;
  /** Shown to roles that cannot triage (they get no user list). */
  assigneeName: string | null;
  status: string;
  updatedAt: string;
  users: { id: number; name: string }[];
  canTriage: boolean;
  canNote: boolean;
}

export function TriagePanel({
  problemId,
  team,
  suggested,
  assigneeId,
  assigneeName,
  status,
  updatedAt,
  users,
  canTriage,
  canNote,
}: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [form, setForm] = useState({
    team: team ?? "",
    assigneeId: assigneeId === null ? "" : String(assigneeId),
    status,
  });
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  function save(event: React.FormEvent) {
    event.preventDefault();
    const change: ProblemChange = {};
    if (form.team !== (team ?? "")) change.team = form.team === "" ? null : (form.team as ProblemChange["team"]);
    if (form.assigneeId !== (assigneeId === null ? "" : String(assigneeId)))
      change.assigneeId = form.assigneeId === "" ? null : Number(form.assigneeId);
    if (form.status !== status) change.status = form.status as ProblemChange["status"];
    // A note typed but not added yet is saved with the rest, never dropped.
    const typed = canNote && note.trim() ? note : null;
    if (!Object.keys(change).length && !typed) return setMessage({ text: "Nothing changed.", error: false });
    start(async () => {
      let overwrote: string | null = null;
      if (Object.keys(change).length) {
        const answer = await triageProblemAction(problemId, change, updatedAt);
        if (!answer.ok) return setMessage({ text: answer.error, error: true });
        overwrote = answer.overwrote ?? null;
      }
      if (typed) {
        const added = await addNoteAction(problemId, typed);
        if (!added.ok) return setMessage({ text: added.error, error: true });
        setNote("");
      }
      const saved = typed ? (Object.keys(change).length ? "Saved, with the note." : "Note added.") : "Saved.";
      setMessage({
        text: overwrote
          ? `${saved} Someone else had changed this problem after you opened it (${new Date(overwrote).toLocaleString()}); both changes are in the history.`
          : saved,
        error: false,
      });
      router.refresh();
    });
  }

  function addNote(event: React.FormEvent) {
    event.preventDefault();
    start(async () => {
      const answer = await addNoteAction(problemId, note);
      if (!answer.ok) return setMessage({ text: answer.error, error: true });
      setNote("");
      setMessage({ text: "Note added.", error: false });
      router.refresh();
    });
  }

  const field = "mt-1 block h-8 w-full rounded border border-input bg-background px-1.5 disabled:bg-muted";
  return (
    <section aria-labelledby="triage-title" className="rounded-md border border-border p-3">
      <h2 id="triage-title" className="mb-2 font-semibold">
        Triage
      </h2>
      {!canTriage ? (
        <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-y-1" data-testid="triage-read-only">
          <dt className="text-muted-foreground">Team</dt>
          <dd>{team ?? `${suggested} (suggested)`}</dd>
          <dt className="text-muted-foreground">Person</dt>
          <dd>{assigneeName ?? "nobody"}</dd>
          <dt className="text-muted-foreground">Status</dt>
          <dd>{status.replace("_", " ")}</dd>
          <dd className="col-span-2 mt-1 text-muted-foreground">
            Triagers and admins change the team, person and status.
          </dd>
        </dl>
      ) : (
        <form onSubmit={save} className="space-y-2" aria-busy={pending}>
          <label className="block">
            Team
            <NativeSelect
              value={form.team}
              onChange={(e) => setForm({ ...form, team: e.target.value })}
              disabled={!canTriage}
              className={field}
            >
              <option value="">Suggested: {suggested}</option>
              {TEAMS.map((t) => (
                <option key={t} value={t}>
                  {TEAM_LABELS[t]}
                </option>
              ))}
            </NativeSelect>
          </label>
          <label className="block">
            Person
            <NativeSelect
              value={form.assigneeId}
              onChange={(e) => setForm({ ...form, assigneeId: e.target.value })}
              disabled={!canTriage}
              className={field}
            >
              <option value="">Nobody</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </NativeSelect>
          </label>
          <label className="block">
            Status
            <NativeSelect
              value={form.status}
              onChange={(e) => setForm({ ...form, status: e.target.value })}
              disabled={!canTriage}
              className={field}
            >
              {PROBLEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </NativeSelect>
          </label>
          <Button
            type="submit"
            disabled={pending}
            className="h-8 rounded-md bg-primary px-3 font-medium text-primary-foreground disabled:opacity-50"
          >
            Save
          </Button>
        </form>
      )}
      {canNote && (
        <form onSubmit={addNote} className="mt-4 border-t border-border pt-3">
          <label className="block">
            Note
            <Textarea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={5000}
              rows={3}
              className="mt-1 block w-full rounded border border-input p-1.5"
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
              }}
            />
          </label>
          <Button
            variant="outline"
            type="submit"
            disabled={pending || !note.trim()}
            className="mt-2 h-8 rounded-md border border-input px-3 disabled:opacity-50"
          >
            Add note
          </Button>
        </form>
      )}
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={`mt-2 ${message.error ? "text-destructive" : "text-tone-success-fg"}`}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
