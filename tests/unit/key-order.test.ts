// A body's object keys may come back in another order (jsonb orders them its own way): the
// classification, its reason and its group must not change with them.
import { describe, expect, it } from "vitest";
import examples from "../fixtures/kb-examples.json";
import { classifyEvent } from "@/lib/problems";

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe("classification ignores the order of object keys", () => {
  const withSeveralPaths = (examples as { event: { method?: string; url?: string; status: number; body: unknown } }[])
    .map((e) => ({ ...e.event, body: typeof e.event.body === "string" ? safeJson(e.event.body) : e.event.body }))
    .filter(
      (e) =>
        e.body &&
        typeof e.body === "object" &&
        Object.keys((e.body as Record<string, unknown>).validationErrors ?? {}).length > 1,
    );

  it("holds for every knowledge-base example with several validation paths", () => {
    expect(withSeveralPaths.length).toBeGreaterThan(3);
    for (const e of withSeveralPaths) {
      const a = classifyEvent(e);
      const b = classifyEvent({ ...e, body: reversedKeys(e.body) });
      expect({ article: b.articleId, reason: b.reason, fingerprint: b.fingerprint }).toEqual({
        article: a.articleId,
        reason: a.reason,
        fingerprint: a.fingerprint,
      });
    }
  });

  it("cites the same message whichever key comes first", () => {
    const body = {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      detail: "Data validation failed.",
      validationErrors: {
        "$.lastSurname": ["LastSurname must be at most 75 characters in length."],
        "$.firstName": ["FirstName must be at most 75 characters in length."],
      },
    };
    const a = classifyEvent({ status: 400, body });
    const b = classifyEvent({ status: 400, body: reversedKeys(body) });
    expect(a.reason).toBe(b.reason);
    expect(a.reason).toContain('validationErrors["$.firstName"][0]');
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
