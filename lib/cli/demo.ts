// npm run demo: migrate the embedded database, load the demo data set once, build if the build is
// missing or older than the sources, serve on http://127.0.0.1:3000, print a ready ingest key.
import { spawn } from "node:child_process";
import { listenAddressFromEnv, serveInForeground } from "./server";
import { DISTRICTS, demoEvents } from "../../prisma/demo/generate";
import { importEdOrgs } from "../districts/store";
import { createApiKey, revokeApiKey } from "../auth/api-keys";
import { configuredSecret, localSecret } from "../auth/secret";
import { ensureDemoUsers, type DemoSignIn } from "./demo-users";
import { databaseConfigFromEnv, describeDatabase } from "../db/config";
import { openDatabase, type Database } from "../runtime/database";
import { migrate } from "../db/migrate";
import type { IngestEvent } from "../ingest/events.schema";
import { ingestEvents } from "../ingest/ingest";
import { env } from "../env";
import { needsBuild } from "./build";
import { progressBar } from "./progress";
import { startFolder } from "../ledger/folder";
import { ensureDemoChannels, nextMailFile, queueFirstDemoAlert } from "../alerts/demo";

const BATCH = 2_000;

export async function run(args: string[]): Promise<number> {
  const { host, port } = listenAddressFromEnv();
  const config = databaseConfigFromEnv();
  console.error(`database: ${describeDatabase(config)}`);
  const db = await openDatabase(config);
  let key: string;
  let signIns: DemoSignIn[];
  let queuedAlerts = 0;
  try {
    await migrate(db);
    const existing = await db.prisma.errorEvent.count();
    if (existing === 0) {
      // The ledger's folder folds while the demo loads, as the server would.
      const folder = startFolder(db);
      await loadDemoData(db, env().TRIAGE_DEMO_EVENTS);
      await folder.drain();
      folder.stop();
    } else
      console.error(
        `demo data already loaded (${existing.toLocaleString("en-US")} events); delete .data/ to start over`,
      );
    // The demo districts by name ("Grand Bend ISD (255901)"), as `npm run districts -- import` would.
    await importEdOrgs(
      db,
      DISTRICTS.map((d) => ({ code: d.lea, name: d.name, kind: "lea" as const, parentLea: null })),
    );
    key = await mintDemoKey(db);
    signIns = await ensureDemoUsers(db, env().TRIAGE_DEMO_PASSWORD);
    await ensureDemoChannels(db);
    queuedAlerts = await queueFirstDemoAlert(db);
  } finally {
    await db.close(); // PGlite: one process per data directory; the server opens it next
  }
  if (args.includes("--load-only")) return 0;

  if (needsBuild()) {
    console.error("building the dashboard (next build)…");
    const code = await runCommand("npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
    if (code !== 0) return code;
  }
  // Sessions are signed with NEXTAUTH_SECRET, or a secret the demo keeps beside its data.
  // Without SMTP the demo's e-mail goes to a local sink (a server without either sends none).
  const mailDir = env().TRIAGE_SMTP_URL ? null : (env().TRIAGE_MAIL_DIR ?? DEMO_MAIL_DIR);
  const exited = serveInForeground({
    host,
    port,
    env: {
      ...process.env,
      NEXTAUTH_SECRET: configuredSecret() ?? localSecret(),
      ...(mailDir ? { TRIAGE_MAIL_DIR: mailDir } : {}),
    },
  });
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  // If our server dies first (port taken…), do not greet a server that is not ours.
  const delivered = mailDir && queuedAlerts ? nextMailFile(mailDir, 60_000) : null;
  const ready = await Promise.race([waitForServer(`${url}/api/health`), exited.then(() => false)]);
  if (ready) printWelcome(url, key, signIns, mailDir);
  // The server's alert worker delivers the queued test alert to the sink: say where it landed.
  if (ready && delivered)
    void delivered.then((file) =>
      console.log(
        file
          ? `Alert e-mail delivered to the local sink: ${file}`
          : `No alert e-mail in ${mailDir} yet; see /admin/alerts for the delivery log.`,
      ),
    );
  else console.error(`the server did not start; is port ${port} already in use? (PORT=… npm run demo)`);
  return exited;
}

/** Where the demo's e-mail lands without TRIAGE_SMTP_URL (README "Alerts"). */
export const DEMO_MAIL_DIR = ".data/outbox";

/** The name of the key each demo start prints; the one before it is revoked. */
export const DEMO_KEY_NAME = "demo (npm run demo)";
/** Demo keys from before they had one name: `demo 2026-12-04T15:57`. */
const OLD_DEMO_KEY_NAME = /^demo \d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * A new all-district demo key (ingest and read); every earlier demo key is revoked, so restarts do
 * not leave a trail of live keys that can read every district.
 */
export async function mintDemoKey(db: Database): Promise<string> {
  const { id, key } = await createApiKey(db, DEMO_KEY_NAME, ["ingest", "read"]);
  const live = await db.prisma.apiKey.findMany({
    where: { revokedAt: null, createdById: null, id: { not: id }, name: { startsWith: "demo " } },
    select: { id: true, name: true },
  });
  for (const old of live.filter((k) => k.name === DEMO_KEY_NAME || OLD_DEMO_KEY_NAME.test(k.name)))
    await revokeApiKey(db, String(old.id));
  return key;
}

async function loadDemoData(db: Database, count: number): Promise<void> {
  const bar = progressBar(count + 4_200, "loading demo data");
  const receivedAt = new Date();
  let batch: IngestEvent[] = [];
  let done = 0;
  const flush = async () => {
    await ingestEvents(db, batch, { apiKeyId: null, receivedAt });
    done += batch.length;
    batch = [];
    bar.update(done);
  };
  for (const event of demoEvents({ count: count + 4_200, days: 30 })) {
    batch.push(event);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  bar.done(done);
  console.error(`loaded ${done.toLocaleString("en-US")} events in ${bar.seconds().toFixed(1)} s`);
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) =>
    spawn(command, args, { stdio: "inherit", env }).on("exit", (code) => resolve(code ?? 1)),
  );
}

async function waitForServer(url: string): Promise<boolean> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`the server did not answer at ${url}`);
  return false;
}

function printWelcome(url: string, key: string, signIns: DemoSignIn[], mailDir: string | null): void {
  const sample = JSON.stringify({
    status: 400,
    method: "POST",
    url: "https://grandbend.edfi.example.org/v7.3/api/data/v3/255901/ed-fi/students",
    lea: "255901",
    client: "curl test",
    body: {
      type: "urn:ed-fi:api:bad-request:data-validation-failed",
      title: "Data Validation Failed",
      status: 400,
      correlationId: "demo-curl-1",
      detail: "Data validation failed. See 'validationErrors' for details.",
      validationErrors: { "$.birthDate": ["BirthDate is required."] },
    },
  });
  const quoted = `'${sample.replace(/'/g, "'\\''")}'`;
  const signInLine = (s: DemoSignIn) =>
    `  ${s.role.padEnd(15)} ${s.email.padEnd(28)} ${s.password}${s.leaCodes.length ? `   districts ${s.leaCodes.join(", ")}` : ""}`;
  console.log(`
Triage is running: ${url}

Sign in as (password ${env().TRIAGE_DEMO_PASSWORD ? "from TRIAGE_DEMO_PASSWORD" : "new on every start; set TRIAGE_DEMO_PASSWORD to keep one"}):
${signIns.map(signInLine).join("\n")}

Ingest key (shown once; scopes ingest,read):
  ${key}

Post an event:
  curl -sS -X POST ${url}/api/v1/events \\
    -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' \\
    -d ${quoted}

Look it up by correlationId:
  curl -sS '${url}/api/v1/events?correlationId=demo-curl-1' -H 'Authorization: Bearer ${key}'

Alerts (rules, channels, delivery logs: ${url}/admin/alerts): a new or regressed problem is e-mailed to its team
${
  mailDir
    ? `  (dev-team@triage.local, …), written as .eml files to the local sink ${mailDir}/ (TRIAGE_SMTP_URL sends them instead).
  The event above is a new problem: its alert appears there within seconds.`
    : "  through TRIAGE_SMTP_URL."
}
`);
}
