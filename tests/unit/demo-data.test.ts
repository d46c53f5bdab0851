// The demo data set is realistic enough to demo every part of the product.
import { describe, expect, it } from "vitest";
import { CLIENTS, DISTRICTS, demoEvents } from "@/prisma/demo/generate";
import { ARTICLES, classifyEvent } from "@/lib/problems";
import { ingestEventSchema } from "@/lib/ingest/events.schema";

describe("demo data", () => {
  const end = new Date("2026-11-24T12:00:00Z");
  const events = [...demoEvents({ count: 20_000, days: 30, end })];
  const classified = events.map((e) => ({ e, c: classifyEvent(e) }));

  it("is valid ingest input", () => {
    for (const e of events.slice(0, 2_000)) expect(ingestEventSchema.safeParse(e).success).toBe(true);
  });

  it("represents every article of the catalog", () => {
    const seen = new Set(classified.map(({ c }) => c.articleId));
    expect(ARTICLES.map((a) => a.id).filter((id) => !seen.has(id))).toEqual([]);
  });

  it("spans 30 days, every district and client, with unique eventIds", () => {
    const times = events.map((e) => Date.parse(e.occurredAt!));
    expect(Math.max(...times)).toBeLessThanOrEqual(end.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(end.getTime() - 30 * 86_400_000);
    expect(new Set(events.map((e) => e.lea)).size).toBe(DISTRICTS.length);
    expect(DISTRICTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(events.map((e) => e.client))).toEqual(new Set(CLIENTS));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it("has bursts and problems that are new in the last days", () => {
    const byDayAndArticle = new Map<string, number>();
    for (const { e, c } of classified) {
      const key = `${e.occurredAt!.slice(0, 10)}|${c.articleId}`;
      byDayAndArticle.set(key, (byDayAndArticle.get(key) ?? 0) + 1);
    }
    expect(
      Math.max(
        ...[...byDayAndArticle.entries()].filter(([k]) => k.endsWith("|database-connection-error")).map(([, n]) => n),
      ),
    ).toBeGreaterThan(1_000);
    const featureDisabled = classified
      .filter(({ c }) => c.articleId === "feature-disabled")
      .map(({ e }) => Date.parse(e.occurredAt!));
    expect(featureDisabled.length).toBeGreaterThan(0);
    expect(Math.min(...featureDisabled)).toBeGreaterThan(end.getTime() - 3 * 86_400_000);
  });
});
