// The triager's writes on problems: team, person, status, notes. Each change locks the problem
// rows, writes them and records one activity row per changed field in the same transaction, so
// two triagers editing at once both land in the history (the later write is what the page shows).
import { InputError } from "../input-error";
import { z } from "zod";
import type { Database } from "../db/database";
import type { Scope } from "../auth/scope";
import { isRecord } from "../problems";
import { PROBLEM_STATUSES, TEAMS } from "../vocabulary";
import { holdFoldLock } from "../ledger/apply";

export const problemChangeSchema = z
  .object({
    /** null: back to the suggestion. */
    team: z.enum(TEAMS).nullable().optional(),
    /** null: nobody. */
    assigneeId: z.number().int().positive().nullable().optional(),
    status: z.enum(PROBLEM_STATUSES).optional(),
  })
  .refine((c) => c.team !== undefined || c.assigneeId !== undefined || c.status !== undefined, "nothing to change");
export type ProblemChange = z.infer<typeof problemChangeSchema>;

export const noteSchema = z
  .string()
  .trim()
  .min(1, "a note needs text")
  .max(5_000, "a note has at most 5,000 characters");

/** Most problems one bulk change may touch (the confirmation states the count). */
export const BULK_LIMIT = 10_000;

interface Locked {
  id: string;
  assigned_team: string | null;
  assignee_id: number | null;
  triage_status: string;
}

/** Applies a change to problems; returns how many changed (unchanged fields write nothing). */
export async function changeProblems(
  db: Database,
  actorId: number,
  ids: readonly string[],
  change: ProblemChange,
): Promise<{ changed: number }> {
  const valid = [...new Set(ids.filter((id) => /^\d{1,18}$/.test(id)))].slice(0, BULK_LIMIT);
  if (!valid.length) return { changed: 0 };
  if (change.assigneeId) {
    const user = await db.prisma.user.findFirst({
      where: { id: change.assigneeId, disabledAt: null, role: { in: ["admin", "triager", "support"] } },
      select: { id: true },
    });
    if (!user)
      throw new TriageInputError(
        "assigneeId",
        "That person cannot be assigned problems (unknown, disabled or a district admin).",
      );
  }
  return db.transaction(async (tx) => {
    // A team change moves folded trend rows (the route trigger): the fold lock first (lib/ledger/apply.ts).
    if (change.team !== undefined) await holdFoldLock(tx);
    const rows = await tx.query<Locked>(
      "SELECT id::text, assigned_team::text, assignee_id, triage_status::text FROM problem WHERE id = ANY($1::bigint[]) ORDER BY problem.id FOR UPDATE",
      [valid],
    );
    const activity: { problemId: string; kind: string; data: string }[] = [];
    const touched: string[] = [];
    for (const row of rows) {
      const before = activity.length;
      if (change.team !== undefined && change.team !== row.assigned_team)
        activity.push({
          problemId: row.id,
          kind: "team",
          data: JSON.stringify({ from: row.assigned_team, to: change.team }),
        });
      if (change.assigneeId !== undefined && change.assigneeId !== row.assignee_id)
        activity.push({
          problemId: row.id,
          kind: "assignee",
          data: JSON.stringify({ from: row.assignee_id, to: change.assigneeId }),
        });
      if (change.status !== undefined && change.status !== row.triage_status)
        activity.push({
          problemId: row.id,
          kind: "status",
          data: JSON.stringify({ from: row.triage_status, to: change.status }),
        });
      if (activity.length > before) touched.push(row.id);
    }
    if (!touched.length) return { changed: 0 };
    await tx.query(
      `UPDATE problem SET
         assigned_team = CASE WHEN $2::boolean THEN $3::text::"Team" ELSE assigned_team END,
         assignee_id = CASE WHEN $4::boolean THEN $5::int ELSE assignee_id END,
         triage_status = coalesce($6::text::"ProblemStatus", triage_status),
         updated_at = now()
       WHERE id = ANY($1::bigint[])`,
      [
        touched,
        change.team !== undefined,
        change.team ?? null,
        change.assigneeId !== undefined,
        change.assigneeId ?? null,
        change.status ?? null,
      ],
    );
    await tx.query(
      // clock_timestamp(), not now() (the transaction's start): of two edits of one problem, the one
      // that waited for the other's row lock is the later one, in the history too.
      `INSERT INTO problem_activity (problem_id, actor_id, kind, data, created_at)
       SELECT a.problem_id, $4::int, a.kind, a.data::jsonb, clock_timestamp()
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS a(problem_id, kind, data)`,
      [activity.map((a) => a.problemId), activity.map((a) => a.kind), activity.map((a) => a.data), actorId],
    );
    return { changed: touched.length };
  });
}

export async function addNote(db: Database, actorId: number, problemId: string, text: string): Promise<void> {
  const note = noteSchema.parse(text);
  if (!/^\d{1,18}$/.test(problemId)) throw new TriageInputError("problemId", "There is no such problem.");
  await db.prisma.problemActivity.create({
    data: { problemId: BigInt(problemId), actorId, kind: "note", data: { text: note } },
  });
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: string | null;
  kind: "team" | "assignee" | "status" | "note" | "regressed" | "reclassified";
  /** One sentence: "set status open → resolved", "assigned Dana Triager", the note's text. */
  text: string;
  /** The event that made a resolved problem regress. */
  eventId: string | null;
}

/**
 * A problem's history, newest first, in words, as the viewer may read it. A problem is shared by
 * every district, but its notes and triage changes are staff-internal: staff write them for every
 * district, and a note may name any district's student. A viewer scoped to districts reads only the
 * entries scoped to a subset of their districts: a regression by an event of theirs, and entries
 * written by someone whose own districts are all theirs (district admins do not write today, so
 * nothing else). Filtered in SQL, so the limit counts what is shown.
 */
export async function problemActivity(
  db: Database,
  scope: Scope,
  problemId: string,
  limit = 200,
): Promise<ActivityEntry[]> {
  if (!/^\d{1,18}$/.test(problemId)) return [];
  const rows =
    scope.kind === "all"
      ? await allActivity(db, problemId, limit)
      : await scopedActivity(db, scope.leaCodes, problemId, limit);
  const userIds = new Set<number>();
  for (const r of rows)
    if (r.kind === "assignee") for (const v of Object.values(r.data)) if (typeof v === "number") userIds.add(v);
  const users = new Map(
    (await db.prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } })).map(
      (u) => [u.id, u.name],
    ),
  );
  const person = (v: unknown) => (typeof v === "number" ? (users.get(v) ?? `user ${v}`) : "nobody");
  const label = (v: unknown) => (typeof v === "string" ? v.replace("_", " ") : "the suggestion");
  return rows.map((r) => {
    const d = r.data;
    const text =
      r.kind === "note"
        ? String(d.text ?? "")
        : r.kind === "team"
          ? `set the team: ${label(d.from)} → ${label(d.to)}`
          : r.kind === "assignee"
            ? `assigned ${person(d.to)}${d.from !== null && d.from !== undefined ? ` (was ${person(d.from)})` : ""}`
            : r.kind === "status"
              ? `set the status: ${label(d.from)} → ${label(d.to)}`
              : r.kind === "regressed"
                ? `regressed: a new event arrived after it was resolved`
                : r.kind === "reclassified"
                  ? reclassifiedText(d)
                  : r.kind;
    return {
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      kind: r.kind as ActivityEntry["kind"],
      text,
      eventId: r.kind === "regressed" && typeof d.eventId === "string" ? d.eventId : null,
    };
  });
}

/** "reclassified: moved out by today's classifier: 12 events to #45 (unresolved-reference); moved in: 3 from #12 (conflict)" */
function reclassifiedText(d: Record<string, unknown>): string {
  const side = (v: unknown) =>
    Object.entries(isRecord(v) ? v : {}).flatMap(([id, x]) =>
      isRecord(x) && typeof x.events === "number"
        ? [{ id, events: x.events, articleId: String(x.articleId ?? "") }]
        : [],
    );
  const list = (rows: { id: string; events: number; articleId: string }[]) =>
    rows.map((x) => `${x.events} ${x.events === 1 ? "event" : "events"} to #${x.id} (${x.articleId})`).join(", ");
  const out = side(d.out);
  const into = side(d.in);
  const parts = [
    out.length ? `moved out by today's classifier: ${list(out)}` : "",
    into.length ? `moved in: ${into.map((x) => `${x.events} from #${x.id} (${x.articleId})`).join(", ")}` : "",
  ].filter(Boolean);
  return `reclassified: ${parts.join("; ")}`;
}

interface ActivityRow {
  id: string;
  at: Date;
  kind: string;
  data: Record<string, unknown>;
  actor: string | null;
}

async function allActivity(db: Database, problemId: string, limit: number): Promise<ActivityRow[]> {
  const rows = await db.prisma.problemActivity.findMany({
    where: { problemId: BigInt(problemId) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, createdAt: true, kind: true, data: true, actor: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: String(r.id),
    at: r.createdAt,
    kind: r.kind,
    data: r.data as Record<string, unknown>,
    actor: r.actor?.name ?? null,
  }));
}

async function scopedActivity(
  db: Database,
  leaCodes: readonly string[],
  problemId: string,
  limit: number,
): Promise<ActivityRow[]> {
  if (!leaCodes.length) return [];
  const leas = [...leaCodes];
  // A regression names the event that caused it; the event's district scopes the entry. A
  // malformed id matches nothing instead of failing the cast.
  const rows = await db.prisma.$queryRaw<
    { id: string; created_at: Date; kind: string; data: Record<string, unknown>; actor: string | null }[]
  >`
    SELECT a.id::text, a.created_at, a.kind, a.data, u.name AS actor
      FROM problem_activity a LEFT JOIN app_user u ON u.id = a.actor_id
     WHERE a.problem_id = ${problemId}::bigint
       AND CASE WHEN a.kind = 'regressed'
                THEN EXISTS (SELECT 1 FROM error_event e
                              WHERE e.id = CASE WHEN a.data->>'eventId' ~ '^[0-9]{1,18}$' THEN (a.data->>'eventId')::bigint END
                                AND e.problem_id = a.problem_id AND e.lea = ANY(${leas}::text[]))
                -- Notes and triage changes are staff-internal. (Judging them by their author's role
                -- now would show a staff note to a district admin once its author became one.)
                ELSE FALSE END
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ${limit}`;
  return rows.map((r) => ({ id: r.id, at: r.created_at, kind: r.kind, data: r.data, actor: r.actor }));
}

/** People a problem can be assigned to. */
export function assignableUsers(db: Database) {
  return db.prisma.user.findMany({
    where: { disabledAt: null, role: { in: ["admin", "triager", "support"] } },
    select: { id: true, name: true, role: true },
    orderBy: { name: "asc" },
  });
}

/** A triage input that names a field (shown next to it). */
export class TriageInputError extends InputError {
  constructor(field: string, message: string) {
    super(message, field);
  }
}
