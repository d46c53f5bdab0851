// Classifications are remembered by their exact inputs (classify.ts): the answer for an event
// never depends on what was classified before it, and a remembered answer cannot be changed.
import { describe, expect, it } from "vitest";
import { classifyEvent } from "@/lib/problems";
import { boundedMemo } from "@/lib/problems/memo";
import examples from "../fixtures/kb-examples.json";
import { SOURCE_TEMPLATES, templateEvent } from "../fixtures/source-templates";

type Event = Parameters<typeof classifyEvent>[0];

const kb: Event[] = (
  examples as { event: { method: string | null; url: string | null; status: number; body: string } }[]
).map((e) => ({ ...e.event }));
const templates: Event[] = SOURCE_TEMPLATES.map(templateEvent);
// Inputs that differ only where a naive key would join them: separators, quotes, nesting.
const lookalikes: Event[] = [
  { status: 400, body: { type: "urn:ed-fi:api:bad-request", title: "a", detail: "b", errors: ["c"] } },
  { status: 400, body: { type: "urn:ed-fi:api:bad-request", title: "a\u0000b", errors: ["c"] } },
  { status: 400, body: { type: "urn:ed-fi:api:bad-request", title: 'a","b', errors: ["c"] } },
  { status: 400, body: { type: "urn:ed-fi:api:bad-request", detail: "a", errors: ["b", "c"] } },
  {
    status: 400,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "x",
      validationErrors: { "$.a": ["A is required."] },
    },
  },
  {
    status: 400,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "x",
      validationErrors: { "$.a[0]": ["A is required."] },
    },
  },
  {
    status: 409,
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "x",
      validationErrors: { "$.a": ["A is required."] },
    },
  },
  { status: 400, body: "A is required." },
  { status: 400, body: { message: "A is required." } },
];

const all = [...kb, ...templates, ...lookalikes];
const strip = ({ parsed: _parsed, ...c }: ReturnType<typeof classifyEvent>) => c;

describe("remembered classifications", () => {
  it("give every event the same answer, whatever was classified before it", () => {
    const forwards = all.map((e) => strip(classifyEvent(e)));
    const backwards = [...all]
      .reverse()
      .map((e) => strip(classifyEvent(e)))
      .reverse();
    expect(backwards).toEqual(forwards);
    // Status, path and format are part of what is remembered: the look-alikes are told apart.
    expect(lookalikes.map((e) => classifyEvent(e).articleId)).toEqual([
      "bad-request",
      "bad-request",
      "bad-request",
      "bad-request",
      "missing-required-property",
      "missing-required-property-in-collection",
      "conflict",
      "missing-required-property",
      "missing-required-property",
    ]);
  });

  it("cannot be changed by a caller", () => {
    const first = classifyEvent(lookalikes[0]);
    expect(() => (first.matchedArticles as string[]).push("tampered")).toThrow(TypeError);
    expect(classifyEvent(lookalikes[0]).matchedArticles).not.toContain("tampered");
  });

  it("keep what differs per event: resource, fingerprint, the parsed body", () => {
    const a = classifyEvent({ ...lookalikes[0], url: "https://ods.example.org/data/v3/ed-fi/students" });
    const b = classifyEvent({ ...lookalikes[0], url: "https://ods.example.org/data/v3/ed-fi/schools" });
    expect([a.resource, b.resource]).toEqual(["students", "schools"]);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.signature).toBe(b.signature);
  });
});

describe("boundedMemo", () => {
  it("computes once per key, never keeps a key over its length, and empties when full", () => {
    const memo = boundedMemo<number>(2, 5);
    let calls = 0;
    const compute = () => ++calls;
    expect(memo.get("a", compute)).toBe(1);
    expect(memo.get("a", compute)).toBe(1);
    expect(memo.get("toolong", compute)).toBe(2);
    expect(memo.get("toolong", compute)).toBe(3); // computed again: not remembered
    memo.get("b", compute); // 4: full now (a, b)
    memo.get("c", compute); // 5: emptied, then c
    expect(memo.get("a", compute)).toBe(6);
    expect(memo.get("c", compute)).toBe(5);
  });
});
