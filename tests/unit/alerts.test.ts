// The alerts' pure parts: spike maths over running totals (across midnight), the retry schedule,
// webhook signatures, the Slack form, and the e-mail rendered from its React component.
import { describe, expect, it } from "vitest";
import { hourCount, isSpiking, spikeOf } from "@/lib/alerts/spike";
import { retryDelayMs } from "@/lib/alerts/backoff";
import { signBody, verifySignature } from "@/lib/alerts/signature";
import { slackDocument, webhookDocument, type AlertFacts } from "@/lib/alerts/message";
import { renderAlertEmail } from "@/lib/alerts/email";
import { withinScope } from "@/lib/alerts/content";
import { digestLines, type DigestFacts } from "@/lib/alerts/digest";
import { runningTotals, QUARTERS_PER_DAY } from "@/lib/trends/quarter-hours";

const day = (perQuarter: Record<number, number>) =>
  runningTotals(Array.from({ length: QUARTERS_PER_DAY }, (_, q) => perQuarter[q] ?? 0));
const at = (iso: string) => Date.parse(iso);

describe("spike maths", () => {
  const days: Record<string, number[]> = {
    "2026-12-03": day({ 94: 5, 95: 7, 40: 100 }),
    "2026-12-04": day({ 0: 11, 1: 13, 2: 1000 }),
  };
  const totals = (d: string) => days[d];

  it("counts the four quarters ending with now's, across midnight", () => {
    expect(hourCount(totals, at("2026-12-04T00:20:00Z"))).toBe(5 + 7 + 11 + 13); // quarters 94, 95 (day before), 0, 1
    expect(hourCount(totals, at("2026-12-04T00:40:00Z"))).toBe(7 + 11 + 13 + 1000); // quarter 95, then 0, 1, 2
    expect(hourCount(totals, at("2026-12-03T10:59:59Z"))).toBe(100); // quarters 40..43
    expect(hourCount(totals, at("2026-11-30T10:00:00Z"))).toBe(0); // a day without events
  });

  it("compares the last hour with the same hour's mean over seven days", () => {
    const s = spikeOf(totals, at("2026-12-04T10:59:00Z"));
    expect(s).toEqual({ lastHour: 0, baseline: 100 / 7 });
    const spike = spikeOf((d) => (d === "2026-12-04" ? day({ 40: 50 }) : day({ 40: 2 })), at("2026-12-04T10:30:00Z"));
    expect(spike).toEqual({ lastHour: 50, baseline: 2 });
    expect(isSpiking(spike, 3, 10)).toBe(true);
    expect(isSpiking(spike, 30, 10)).toBe(false); // 50 < 30 × 2
    expect(isSpiking(spike, 3, 51)).toBe(false); // under the minimum
    expect(isSpiking({ lastHour: 3, baseline: 0 }, 3, 1)).toBe(true); // a zero baseline counts as one
  });
});

describe("delivery", () => {
  it("backs off from 30 s, doubling, at most an hour", () => {
    expect([1, 2, 3, 4, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000]);
  });

  it("signs timestamp and body; a changed body, secret or an old timestamp does not verify", () => {
    const header = signBody("s3cret", 1_800_000_000, '{"a":1}');
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", header, '{"a":1}', 1_800_000_010)).toBe(true);
    expect(verifySignature("s3cret", header, '{"a":2}', 1_800_000_010)).toBe(false);
    expect(verifySignature("other", header, '{"a":1}', 1_800_000_010)).toBe(false);
    expect(verifySignature("s3cret", header, '{"a":1}', 1_800_001_000)).toBe(false);
    expect(verifySignature("s3cret", "garbage", '{"a":1}', 1_800_000_010)).toBe(false);
  });

  it("keeps a scoped channel's districts inside its scope", () => {
    expect(withinScope(["255901", "477102", ""], ["255901"])).toEqual(["255901"]);
    expect(withinScope(["255901", "477102", ""], [])).toEqual(["255901", "477102"]);
  });

  const facts: AlertFacts = {
    kind: "new",
    rule: { id: 1, name: "New <b>" },
    problem: {
      id: "7",
      articleId: "descriptor-not-found",
      resource: "students",
      route: "data",
      status: "open",
      httpStatus: 400,
    },
    counts: {
      events: 3,
      lastHour: null,
      baseline: null,
      firstSeenAt: "2026-12-04T10:00:00.000Z",
      lastSeenAt: "2026-12-04T10:05:00.000Z",
    },
    districts: ["255901"],
    link: "https://triage.example.org/problems/7",
    at: "2026-12-04T10:06:00.000Z",
  };

  it("builds the webhook document and Slack's text form", () => {
    expect(webhookDocument(facts)).toMatchObject({
      type: "triage.alert.new",
      problem: { id: "7" },
      link: facts.link,
      districts: ["255901"],
    });
    expect(slackDocument(facts).text.split("\n")[0]).toBe(
      "*<https://triage.example.org/problems/7|New problem: #7 descriptor-not-found (students) → data>*",
    );
  });

  it("names the district of a 'new in a district' alert", () => {
    const inDistrict: AlertFacts = {
      ...facts,
      kind: "new_in_district",
      districts: ["477102"],
      link: "https://triage.example.org/problems/7?lea=477102",
    };
    expect(webhookDocument(inDistrict)).toMatchObject({
      type: "triage.alert.new_in_district",
      districts: ["477102"],
      text: "New in district 477102: #7 descriptor-not-found (students) → data",
    });
  });

  it("says a digest's fall with a minus sign, its rise with a plus", () => {
    const base: DigestFacts = {
      frequency: "daily",
      from: "2026-12-03",
      to: "2026-12-03",
      events: 95,
      previous: 100,
      newProblems: [],
      risingProblems: [],
      resources: [],
      clients: [],
      districts: ["255901"],
      link: "x",
    };
    expect(digestLines(base)[1]).toBe("95 errors (−5% against the period before: 100) in 255901");
    expect(digestLines({ ...base, events: 150 })[1]).toBe("150 errors (+50% against the period before: 100) in 255901");
  });

  it("renders the e-mail's HTML from its React component (escaped) and a text part", async () => {
    const mail = await renderAlertEmail(facts);
    expect(mail.subject).toBe("[Triage] New problem: #7 descriptor-not-found (students) → data");
    expect(mail.html).toContain("Rule: New &lt;b&gt;");
    expect(mail.html).toContain('href="https://triage.example.org/problems/7"');
    expect(mail.text).toContain("3 events in 255901; HTTP 400; status open");
  });
});

describe("the e-mail transport from the configuration", () => {
  it("is none without SMTP or a mail directory (nothing kept on disk as if sent), the sink with one, SMTP with bounded waits", async () => {
    const { mailerFromEnv, SMTP_TIMEOUTS } = await import("@/lib/alerts/mailer");
    expect(mailerFromEnv(undefined, undefined)).toBeNull();
    expect(mailerFromEnv(undefined, "/tmp/triage-sink")).not.toBeNull();
    const smtp = mailerFromEnv("smtp://mailer%40district:p%3Ass@mail.example.org:2525", undefined) as unknown as {
      options: Record<string, unknown>;
    };
    expect(smtp.options).toMatchObject({
      host: "mail.example.org",
      port: 2525,
      secure: false,
      auth: { user: "mailer@district", pass: "p:ss" },
      ...SMTP_TIMEOUTS,
    });
    const tls = mailerFromEnv("smtps://mail.example.org", undefined) as unknown as { options: Record<string, unknown> };
    expect(tls.options).toMatchObject({ host: "mail.example.org", port: 465, secure: true });
  });
});
