// Decoding an ingest body: nesting is bounded before parsing (400 naming the path), a top-level
// array is parsed a slice at a time with the request thread given back between slices, and the
// result and the errors are JSON.parse's.
import { describe, expect, it } from "vitest";
import { decodeEvents, decodeEventsNow, OFF_THREAD_CHARS, SLICE_CHARS } from "@/lib/ingest/decode";
import { MAX_JSON_DEPTH } from "@/lib/ingest/json-scan";
import { ProblemError } from "@/lib/http/problem";

function problemOf(run: () => unknown): ProblemError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error("no problem thrown");
}

/** An event whose body nests `levels` arrays (the event array and object are two more levels). */
const nested = (levels: number) => `{"status":500,"body":{"detail":${"[".repeat(levels)}${"]".repeat(levels)}}}`;

describe("decodeEvents", () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, naming the path where it goes too deep`, () => {
    expect(decodeEventsNow(`[${nested(MAX_JSON_DEPTH - 3)}]`, "application/json")).toHaveLength(1);
    const refused = problemOf(() =>
      decodeEventsNow(`[{"status":1},${nested(MAX_JSON_DEPTH - 2)}]`, "application/json"),
    );
    const path = `$[1].body.detail${"[0]".repeat(MAX_JSON_DEPTH - 3)}`;
    expect(refused.status).toBe(400);
    expect(refused.validationErrors).toEqual({ [path]: [`nested deeper than ${MAX_JSON_DEPTH} levels`] });
    // A lone object is event $[0]; an NDJSON line is event $[i]; keys that are not names are quoted.
    expect(
      Object.keys(problemOf(() => decodeEventsNow(nested(MAX_JSON_DEPTH), "application/json")).validationErrors!)[0],
    ).toMatch(/^\$\[0\]\.body\.detail\[0\]/);
    const line = `{"status":1,"body":{"a \\"b\\"":${"[".repeat(70)}${"]".repeat(70)}}}`;
    expect(
      Object.keys(
        problemOf(() => decodeEventsNow(`{"status":1}\n\n${line}`, "application/x-ndjson")).validationErrors!,
      )[0],
    ).toMatch(/^\$\[1\]\.body\["a \\"b\\""\]\[0\]/);
  });

  it("refuses 5 million levels without parsing them", () => {
    const depth = 5_000_000;
    expect(
      problemOf(() =>
        decodeEventsNow(`[{"status":500,"body":${"[".repeat(depth)}${"]".repeat(depth)}}]`, "application/json"),
      ).status,
    ).toBe(400);
  });

  it("gives the same events as JSON.parse, whatever the strings hold", () => {
    const events = [
      { status: 500, s: 'a,b]"}{[\\', body: { "k,": "]", v: [1, [2, { x: "}" }]] } },
      { status: 400, body: "\u2028 \ud83d\ude00" },
      { status: 404 },
    ];
    const text = ` \n${JSON.stringify(events, null, 2)}\n `;
    expect(decodeEventsNow(text, "application/json")).toEqual(events);
    expect(decodeEventsNow(JSON.stringify(events[0]), "application/json")).toEqual([events[0]]);
  });

  it.each(["[1,]", "[,1]", "[{}] x", '[{"a":1}', '{"a":1} {', '["a]', "[}"])(
    "answers %s as JSON.parse does: 400, not valid JSON",
    (text) => {
      const problem = problemOf(() => decodeEventsNow(text, "application/json"));
      expect(problem.status).toBe(400);
      expect(problem.message).toContain("not valid JSON");
    },
  );

  it("parses an event of megabytes in a worker thread: the same value, own __proto__ keys, JSON.parse's errors", async () => {
    const big = {
      status: 500,
      body: {
        detail: "x".repeat(OFF_THREAD_CHARS),
        list: [1, "two", null, true, JSON.parse('{"__proto__": {"polluted": 1}}') as object],
      },
    };
    const text = `[${JSON.stringify(big)},{"status":400}]`;
    expect(text).toContain('"__proto__"');
    const served: string[] = [];
    const decoding = decodeEvents(text, "application/json").then((decoded) => (served.push("decoded"), decoded));
    setImmediate(() => served.push("another request"));
    const decoded = (await decoding) as (typeof big)[];
    expect(served).toEqual(["another request", "decoded"]);
    expect(decoded).toEqual(JSON.parse(text));
    const own = decoded[0].body.list[4] as object;
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(own, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expect(decodeEvents(`${text.slice(0, -1)},]`, "application/json")).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("not valid JSON"),
    });
    await expect(
      decodeEvents(`{"status":1}\n${JSON.stringify(big).slice(1)}`, "application/x-ndjson"),
    ).rejects.toMatchObject({
      status: 400,
      validationErrors: { "$[1]": [expect.stringContaining("line 2 is not valid JSON")] },
    });
  });

  it("gives the request thread back while it parses a large body", async () => {
    const events = Array.from({ length: 2_000 }, (_, i) => ({ eventId: `e-${i}`, status: 500, body: "x".repeat(500) }));
    const text = JSON.stringify(events);
    expect(text.length).toBeGreaterThan(3 * SLICE_CHARS);
    for (const type of ["application/json", "application/x-ndjson"] as const) {
      const body = type === "application/json" ? text : events.map((e) => JSON.stringify(e)).join("\n");
      const served: string[] = [];
      const decoding = decodeEvents(body, type).then((decoded) => served.push(`decoded ${decoded.length}`));
      setImmediate(() => served.push("another request"));
      await decoding;
      expect(served).toEqual(["another request", "decoded 2000"]);
    }
  });
});
