// Search by message words (lib/queries/message-texts.ts: of every district, each text once with
// its events per problem and month, pending and folded; inside districts, the districts' own
// rows) against the stored events themselves: for several scopes and word lists, each problem's
// events whose message holds every word, pending, folded, both, and after a client re-map moved
// events from one district to another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS, leaScope, type Scope } from "@/lib/auth/scope";
import { mapClient } from "@/lib/clients/store";
import { ingestEvents } from "@/lib/ingest/ingest";
import type { IngestEvent } from "@/lib/ingest/events.schema";
import { storedMessage } from "@/lib/ledger/share";
import { formatDifference, verifyRollups } from "@/lib/ledger/verify";
import { holdFoldLock } from "@/lib/ledger/apply";
import { addFoldedMessages } from "@/lib/ledger/message-totals";
import { searchEverything } from "@/lib/queries/search";
import { parseSearchQuery } from "@/lib/search/query";
import { createTestDatabase, dbKinds, type TestDatabase } from "../support/db";
import { random } from "../support/random";

const LEAS = ["255901", "4801234", "1000001"];
/** Sends without a district: its events take the district its map gives (re-mapped below). */
const UNMAPPED = "Roster Sync";
const DAY = 86_400_000;

const SCOPES: [string, Scope][] = [
  ["every district", ALL_DISTRICTS],
  ["one district", leaScope([LEAS[0]])],
  ["two districts", leaScope([LEAS[1], LEAS[2]])],
];
/** Words of three letters or more count (parseSearchQuery): "row 3" is the word "row". */
const SEARCHES = ["Session", "item exist", "'School' row 3", "STUDENT", "does not exist", "referenced row session"];

describe.each(dbKinds())("search by message words on %s", (kind) => {
  let t: TestDatabase;
  const next = random(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.drop());

  /** Events over the last 70 days (three UTC months), some without a district. */
  function events(n: number): IngestEvent[] {
    return Array.from({ length: n }, (_, i) => {
      const unmapped = i % 5 === 0;
      return {
        status: 409,
        url: `https://h/data/v3/ed-fi/${pick(["students", "sections", "grades"])}`,
        body: {
          type: "urn:ed-fi:api:data-conflict:unresolved-reference",
          detail: `The referenced '${pick(["Session", "School", "Student"])}' item does not exist. Row ${Math.floor(next() * 8)}`,
        },
        ...(unmapped ? { client: UNMAPPED } : { lea: pick(LEAS), client: "SIS Vendor" }),
        occurredAt: new Date(Date.now() - Math.floor(next() * 70 * DAY)).toISOString(),
      };
    });
  }

  /** Each problem's events in scope whose message holds every word, from the stored events' bodies. */
  async function expected(scope: Scope, typed: string) {
    const { words } = parseSearchQuery(typed);
    const rows = await t.db.prisma.$queryRawUnsafe<{ problem_id: string; lea: string | null; body: unknown }[]>(
      "SELECT problem_id::text, lea, body FROM error_event",
    );
    const perProblem = new Map<string, number>();
    for (const r of rows) {
      if (scope.kind !== "all" && !scope.leaCodes.includes(r.lea ?? "")) continue;
      const text = storedMessage(r.lea, r.body)?.text.toLowerCase();
      if (!text || !words.every((w) => text.includes(w))) continue;
      perProblem.set(r.problem_id, (perProblem.get(r.problem_id) ?? 0) + 1);
    }
    return perProblem;
  }

  async function check(when: string) {
    let matched = 0;
    for (const [name, scope] of SCOPES)
      for (const typed of SEARCHES) {
        const want = await expected(scope, typed);
        const found = await searchEverything(t.db, scope, typed);
        const label = `${when}: "${typed}", ${name}`;
        expect(new Map(found.text.map((r) => [r.problemId, r.events])), label).toEqual(want);
        expect(found.textEvents, label).toBe([...want.values()].reduce((a, b) => a + b, 0));
        // The line shown is one of the problem's own texts in scope that holds the words.
        for (const r of found.text)
          for (const w of parseSearchQuery(typed).words) expect(r.message?.toLowerCase(), label).toContain(w);
        matched += want.size;
      }
    expect(matched, `${when}: the searches match something`).toBeGreaterThan(10);
  }

  it("counts each problem's matching events in scope, pending, folded and after a re-map", async () => {
    await ingestEvents(t.db, events(150), { apiKeyId: null });
    expect(await count("message_pending")).toBeGreaterThan(0);
    await check("pending");
    await t.db.procedure("foldPending");
    expect(await count("message_pending")).toBe(0);
    expect(await count("problem_message")).toBeGreaterThan(0);
    await check("folded");
    await ingestEvents(t.db, events(150), { apiKeyId: null });
    await check("folded and pending");
    // The unmapped sender's events move to the first district: the texts of every district stay,
    // the districts' own rows move.
    expect((await mapClient(t.db, UNMAPPED, [LEAS[0]])).moved).toBeGreaterThan(0);
    await check("re-mapped");
    await t.db.procedure("foldPending");
    await check("re-mapped and folded");
    expect((await verifyRollups(t.db)).map(formatDifference)).toEqual([]);
  }, 120_000);

  it("a move that takes a text's last events out deletes its row, and the text when nothing else holds it", async () => {
    await t.db.procedure("foldPending");
    const rows = await t.db.prisma.$queryRawUnsafe<
      { problem_id: string; month: string; digest: string; text: string; events: number }[]
    >(
      `SELECT m.problem_id::text, to_char(m.month, 'YYYY-MM-DD') AS month, m.digest, x.text, m.events
         FROM problem_message m JOIN message_text x ON x.digest = m.digest
        WHERE m.digest = (SELECT min(digest) FROM problem_message) ORDER BY 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(1);
    const held = async () => {
      const [r] = await t.db.prisma.$queryRawUnsafe<{ rows: bigint; texts: bigint }[]>(
        `SELECT (SELECT count(*) FROM problem_message WHERE digest = $1) AS rows,
                (SELECT count(*) FROM message_text WHERE digest = $1) AS texts`,
        rows[0].digest,
      );
      return [Number(r.rows), Number(r.texts)];
    };
    for (const [i, m] of rows.entries()) {
      await t.db.transaction(async (tx) => {
        await holdFoldLock(tx);
        await addFoldedMessages(tx, [
          { problemId: m.problem_id, month: m.month, digest: m.digest, text: m.text, events: -m.events },
        ]);
      });
      // Its row goes; the text stays while another row holds it.
      expect(await held()).toEqual([rows.length - i - 1, i < rows.length - 1 ? 1 : 0]);
    }
  });

  async function count(table: string) {
    const [{ n }] = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`);
    return Number(n);
  }
});
