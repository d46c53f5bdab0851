// The request thread's cost per KB of request (decode → validate → classify, redact → COPY lines)
// for the worst inputs we can build, next to the normal demo mix. Every message is made unique so
// that no classification is ever remembered. Target: worst case within 3× of the normal mix.
//   BENCH_ADVERSARIAL_MB=8 (size of each generated request), BENCH_ADVERSARIAL_RUNS=5
import { demoEvents } from "../../prisma/demo/generate";
import { decodeEventsNow } from "../../lib/ingest/decode";
import { prepareEvent } from "../../lib/ingest/prepare";
import { validateEvents } from "../../lib/ingest/validate";
import { toWriteBatch } from "../../lib/ingest/write";
import { ARTICLES } from "../../lib/problems/catalog";
import { FieldMatcher } from "../../lib/problems/redact";
import { round } from "./util";

const TARGET_BYTES = Number(process.env.BENCH_ADVERSARIAL_MB ?? 8) * 1024 * 1024;
const RUNS = Number(process.env.BENCH_ADVERSARIAL_RUNS ?? 5);
const MESSAGE_CHARS = 4_000;

export interface AdversarialFigure {
  input: string;
  requestKB: number;
  events: number;
  usPerKB: number;
  ofNormal: number;
}

type Event = Record<string, unknown>;

const url = "https://api.example.org/v7.3/api/data/v3/ed-fi/studentSchoolAssociations";
let unique = 0;
const tag = () => ` #${unique++}`;
/** text repeated to `chars`, with a value of its own at the end (nothing is ever remembered). */
const runOf = (text: string, chars = MESSAGE_CHARS) =>
  (text.repeat(Math.ceil(chars / text.length)).slice(0, chars - 12) + tag()).slice(0, chars);

/** An Ed-Fi validation body carrying `count` messages. */
function validationBody(count: number, message: (i: number) => string): unknown {
  const validationErrors: Record<string, string[]> = {};
  for (let i = 0; i < count; i++) validationErrors[`$.items[${i}].value${i}`] = [message(i)];
  return {
    type: "urn:ed-fi:api:bad-request:data-validation-failed",
    title: "Data Validation Failed",
    status: 400,
    correlationId: `adv-${unique}`,
    detail: "Data validation failed.",
    validationErrors,
  };
}

/** The literal text a catalog template starts with (up to its first special character). */
function literalPrefix(re: RegExp): string {
  let out = "";
  for (const c of re.source.replace(/^\^/, "").replace(/^\(\?<![^)]*\)/, "")) {
    if ("\\()[]{}|?*+.^$".includes(c)) break;
    out += c;
  }
  return out;
}

const PREFIXES = [
  ...new Set(ARTICLES.flatMap((a) => (a.patterns ?? []).map((p) => literalPrefix(p.re))).filter((p) => p.length >= 3)),
];

/** Events of ~TARGET_BYTES in total, each made by `make`. */
function fill(make: () => Event): Event[] {
  const events: Event[] = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    const e = make();
    bytes += JSON.stringify(e).length + 1;
    events.push(e);
  }
  return events.slice(0, 10_000);
}

const GENERATORS: [string, () => Event[]][] = [
  [
    "200 × 4,000-character messages",
    () => fill(() => ({ status: 400, url, body: validationBody(200, () => runOf("lorem ipsum dolor sit amet ")) })),
  ],
  [
    "200 × 1,000-character messages (all of each is matched)",
    () =>
      fill(() => ({ status: 400, url, body: validationBody(200, () => runOf("lorem ipsum dolor sit amet ", 1_000)) })),
  ],
  [
    "repeated template prefixes, 1,000-character messages",
    () => {
      let k = 0;
      return fill(() => ({
        status: 400,
        url,
        body: validationBody(200, () => runOf(`${PREFIXES[k++ % PREFIXES.length]} '`, 1_000)),
      }));
    },
  ],
  [
    "repeated template prefixes (every catalog template)",
    () => {
      let k = 0;
      return fill(() => ({
        status: 400,
        url,
        body: validationBody(200, () => runOf(`${PREFIXES[k++ % PREFIXES.length]} '`)),
      }));
    },
  ],
  [
    "long word runs",
    () => fill(() => ({ status: 400, url, body: validationBody(200, () => runOf("Descriptorx", MESSAGE_CHARS)) })),
  ],
  // ≤ 7.1 messages on one line are split into sentences (up to 200), each matched like a message.
  [
    "one-line 5.x validation results (split into sentences)",
    () =>
      fill(() => ({
        status: 400,
        url,
        body: { message: `Validation of 'X' failed. ${runOf("Student reference could not be resolved. ", 100_000)}` },
      })),
  ],
  [
    "status-prefixed text records of one-line results",
    () =>
      fill(() => ({
        status: 400,
        url,
        body: `400: ${JSON.stringify({ message: `Validation of \`X\` failed. ${runOf("A `b` is required. ", 100_000)}` })}`,
      })),
  ],
  ["`<title` runs (HTML body)", () => fill(() => ({ status: 502, url, body: `<html>${runOf("<title", 100_000)}` }))],
  [
    '`"$":[` runs (broken problem details)',
    () =>
      fill(() => ({ status: 400, url, body: `"type":"urn:ed-fi:api:bad-request" ${runOf('"$.a":["x", ', 100_000)}` })),
  ],
  [
    "`<script` and `&name;` runs (HTML body)",
    () =>
      fill(() => ({
        status: 500,
        url,
        body: `<html><body>${runOf("<script>&constructor;&#x41;", 100_000)}</body></html>`,
      })),
  ],
  [
    "personal-data look-alikes in request bodies",
    () =>
      fill(() => ({
        status: 400,
        url: `${url}?${runOf("studentUniqueId=1&a=b@c.d&", 2_000)}`,
        body: validationBody(20, () => runOf("x ")),
        request: {
          body: runOf("firstName=a@b.org&phone=(512) 555-0100&", 20_000),
          headers: { "user-agent": runOf("a@b.c ", 1_000) },
        },
      })),
  ],
];

function normalMix(): Event[] {
  const events: Event[] = [];
  let bytes = 0;
  for (const e of demoEvents({ count: 40_000, days: 30, seed: 11 })) {
    bytes += JSON.stringify(e).length + 1;
    events.push(e as unknown as Event);
    if (bytes >= Math.min(TARGET_BYTES, 4 * 1024 * 1024) || events.length >= 10_000) break;
  }
  return events;
}

/** Microseconds per KB for the request thread's work on one request (median of RUNS). */
function measure(events: Event[]): { usPerKB: number; kb: number } {
  const text = events.map((e) => JSON.stringify(e)).join("\n");
  const kb = Buffer.byteLength(text) / 1024;
  const fields = new FieldMatcher();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const valid = validateEvents(decodeEventsNow(text, "application/x-ndjson"));
    const rows = valid.map((e) => prepareEvent(e, { receivedAt: new Date(), apiKeyId: 1, fields }));
    toWriteBatch(rows, 1);
    times.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  times.sort((a, b) => a - b);
  return { usPerKB: times[Math.floor(times.length / 2)] / kb, kb };
}

export function benchAdversarial(): AdversarialFigure[] {
  measure(normalMix()); // warm-up: compile the paths once
  const normal = measure(normalMix());
  const figures: AdversarialFigure[] = [
    {
      input: "normal demo mix",
      requestKB: round(normal.kb, 0),
      events: normalMix().length,
      usPerKB: round(normal.usPerKB, 1),
      ofNormal: 1,
    },
  ];
  for (const [name, generate] of GENERATORS) {
    const events = generate();
    const m = measure(events);
    figures.push({
      input: name,
      requestKB: round(m.kb, 0),
      events: events.length,
      usPerKB: round(m.usPerKB, 1),
      ofNormal: round(m.usPerKB / normal.usPerKB, 2),
    });
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = benchAdversarial();
  console.log(
    `Request-thread cost per KB (decode, validate, classify, redact, COPY lines; median of ${RUNS}; target: worst ≤ 3× normal)`,
  );
  console.table(figures);
}
