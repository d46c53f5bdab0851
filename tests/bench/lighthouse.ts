// npm run lighthouse: Lighthouse 12 (desktop preset) on /problems, the busiest problem's page and
// /trends, signed in, on the demo data: performance and accessibility scores and the main metrics,
// the median of LIGHTHOUSE_RUNS (3) runs per page. Targets: performance ≥ 90, accessibility 100.
//   Its own production server (built if needed) on its own demo database, .data/lighthouse (loaded
//   once, as `npm run demo` loads it), on port 3400 + TRIAGE_TEST_PORT_OFFSET; or a running
//   server: BASE_URL=http://127.0.0.1:3000 TRIAGE_DEMO_PASSWORD=… npm run lighthouse
//   LIGHTHOUSE_USER=district@demo.triage.test (the demo sign-in; default the triager)  LIGHTHOUSE_PATHS=/problems,/trends
//   CHROMIUM_PATH (default: as the browser tests find it)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { spawnServer } from "../../lib/cli/server";
import { findChromium } from "../support/browser";
import { signInHttp } from "../support/http-sign-in";
import { ensureBuild } from "../support/next-server";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const USER = process.env.LIGHTHOUSE_USER ?? "triager@demo.triage.test";
const DATA_DIR = process.env.LIGHTHOUSE_DATA_DIR ?? ".data/lighthouse";

interface Run {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  /** Script transferred (compressed), KB: what the page asks the browser to parse and run. */
  jsKb: number;
  /** Failed accessibility audits, by id (a score below 100 says which). */
  failing: string[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  let server: { url: string; password: string; stop: () => Promise<void> };
  if (process.env.BASE_URL) {
    if (!process.env.TRIAGE_DEMO_PASSWORD)
      throw new Error("BASE_URL needs TRIAGE_DEMO_PASSWORD (the running demo's password)");
    server = {
      url: process.env.BASE_URL.replace(/\/$/, ""),
      password: process.env.TRIAGE_DEMO_PASSWORD,
      stop: async () => {},
    };
  } else server = await startDemoServer();
  try {
    const cookie = await signInHttp(server.url, USER, server.password);
    // The zone the browser reports (headless Chromium: this process's), so no page redraws for it.
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const headers = { Cookie: `${cookie}; tz=${encodeURIComponent(tz)}` };
    const paths = process.env.LIGHTHOUSE_PATHS?.split(",") ?? [
      "/problems",
      await busiestProblem(server.url, headers.Cookie),
      "/trends",
    ];
    const chromium = await findChromium();
    const results: Record<string, string | number>[] = [];
    for (const path of paths) {
      // One request first, so the runs measure the page, not the server's first load of its route.
      await fetch(`${server.url}${path}`, { headers }).then((r) => r.text());
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await withRetries(() => audit(chromium.executablePath, `${server.url}${path}`, headers)));
      const failing = [...new Set(runs.flatMap((r) => r.failing))];
      results.push({
        page: path,
        performance: median(runs.map((r) => r.performance)),
        "performance (runs)": runs.map((r) => r.performance).join(" "),
        accessibility: median(runs.map((r) => r.accessibility)),
        "FCP ms": median(runs.map((r) => r.fcp)),
        "LCP ms": median(runs.map((r) => r.lcp)),
        "TBT ms": median(runs.map((r) => r.tbt)),
        CLS: median(runs.map((r) => r.cls)),
        "Speed Index ms": median(runs.map((r) => r.si)),
        "JS KB": median(runs.map((r) => r.jsKb)),
        ...(failing.length ? { "a11y audits failing": failing.join(", ") } : {}),
      });
      console.error(`${path}: ${runs.map((r) => `perf ${r.performance}, a11y ${r.accessibility}`).join("; ")}`);
    }
    console.log(
      `\nLighthouse ${lighthouseVersion()} desktop, signed in as ${USER}, median of ${RUNS} runs per page (a shared machine: figures vary by run); targets: performance ≥ 90, accessibility 100`,
    );
    console.table(results);
  } finally {
    await server.stop();
  }
}

async function audit(chromePath: string, url: string, extraHeaders: Record<string, string>): Promise<Run> {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders,
      },
      desktopConfig,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    // Signed out, the page would be the sign-in form: measure nothing rather than the wrong page.
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname)
      throw new Error(`${url} ended on ${lhr.finalDisplayedUrl}`);
    const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    return {
      performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: Number((lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN).toFixed(3)),
      si: metric("speed-index"),
      jsKb: Math.round(scriptBytes(lhr.audits["network-requests"]?.details) / 1024),
      failing: lhr.categories.accessibility.auditRefs
        .filter((a) => a.weight > 0 && lhr.audits[a.id]?.score === 0)
        .map((a) => a.id),
    };
  } finally {
    chrome.kill();
  }
}

/** Lighthouse now and then loses its trace on a loaded machine (NO_NAVSTART): such a run is run again. */
async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts || !/NO_NAVSTART|NO_FCP|PROTOCOL_TIMEOUT/.test(String(error))) throw error;
      console.error(`retrying: ${String(error).split("\n")[0]}`);
    }
  }
}

function scriptBytes(details: unknown): number {
  const items = (details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
  return items.filter((i) => i.resourceType === "Script").reduce((sum, i) => sum + (i.transferSize ?? 0), 0);
}

/** The page of the problem with the most events in the default range (the heaviest problem page). */
async function busiestProblem(base: string, cookie: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/problems?limit=1`, { headers: { cookie } });
  const body = (await r.json()) as { problems?: { id: string | number }[] };
  const id = body.problems?.[0]?.id;
  if (id === undefined) throw new Error(`no problem to measure (${r.status})`);
  return `/problems/${id}`;
}

function lighthouseVersion(): string {
  return (
    spawnSync(process.execPath, ["-p", "require('lighthouse/package.json').version"], { encoding: "utf8" }).stdout ?? ""
  ).trim();
}

/** The demo data set in its own directory (loaded once), served by `next start` as `npm start` serves it. */
async function startDemoServer() {
  const password = randomBytes(12).toString("base64url");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRIAGE_DATA_DIR: DATA_DIR,
    TRIAGE_DEMO_PASSWORD: password,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  delete env.DATABASE_URL;
  const loaded = await exitCode(
    spawn(
      process.execPath,
      [join("node_modules", "tsx", "dist", "cli.mjs"), join("lib", "cli", "index.ts"), "demo", "--load-only"],
      { stdio: ["ignore", "ignore", "inherit"], env },
    ),
  );
  if (loaded !== 0) throw new Error(`loading the demo data failed (exit ${loaded})`);
  ensureBuild();
  const port = 3400 + Number(process.env.TRIAGE_TEST_PORT_OFFSET ?? 0);
  const url = `http://127.0.0.1:${port}`;
  if (
    await fetch(`${url}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is taken by another server; stop it first`);
  const child = spawnServer({ host: "127.0.0.1", port, env, stdio: ["ignore", "ignore", "inherit"] });
  for (
    let i = 0;
    !(await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    if (i > 240) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, password, stop: () => stopChild(child) };
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
