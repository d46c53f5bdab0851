// npm run import on a generated WebApiLog.log of BENCH_IMPORT_MB megabytes (default 1,024): lines/s
// and events/s, and the importing process's resident memory, sampled as it reads, at each quarter
// of the file and at its peak (target: flat as the file grows; events/s at least the HTTP ingest's).
// The import runs as its own process (`npm run import`), on PostgreSQL, as a host would run it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLogs, LOG_TIME_ZONE } from "../tools/generate-logs";
import { createPostgresDatabase } from "../support/db";

export interface ImportFigure {
  megabytes: number;
  lines: number;
  events: number;
  seconds: number;
  linesPerSecond: number;
  eventsPerSecond: number;
  rssMbAt25: number;
  rssMbAt50: number;
  rssMbAt75: number;
  rssMbAt100: number;
  peakRssMb: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function benchImport(
  adminUrl: string,
  megabytes = Number(process.env.BENCH_IMPORT_MB ?? 1024),
): Promise<ImportFigure> {
  const dir = mkdtempSync(join(tmpdir(), "triage-import-bench-"));
  const { url, drop } = await createPostgresDatabase(adminUrl, "triage_import_bench");
  try {
    const generated = await generateLogs(dir, megabytes, 5, "edfi-log4net");
    const file = join(dir, generated.files[0].file);
    const size = statSync(file).size;
    const started = Date.now();
    const child = spawn(
      "node",
      [
        "--import",
        "tsx",
        "lib/cli/index.ts",
        "import",
        "--format",
        "edfi-log4net",
        "--tz",
        LOG_TIME_ZONE,
        "--lea",
        "255901",
        file,
      ],
      {
        env: { ...process.env, DATABASE_URL: url },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    const atShare = new Map<number, number>();
    let peak = 0;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => {
      for (const m of d.toString().matchAll(/ (\d{1,3})%/g)) {
        const share = Math.floor(Number(m[1]) / 25) * 25;
        if (share > 0 && !atShare.has(share)) atShare.set(share, rssMb(child.pid!));
      }
    });
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 250);
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    clearInterval(sampler);
    if (code !== 0) throw new Error(`import exited ${code}`);
    const seconds = (Date.now() - started) / 1000;
    const lines = Number(/read ([\d,]+) lines/.exec(stdout)?.[1].replace(/,/g, "") ?? 0);
    const events = Number(/: ([\d,]+) error responses/.exec(stdout)?.[1].replace(/,/g, "") ?? 0);
    return {
      megabytes: Math.round(size / 2 ** 20),
      lines,
      events,
      seconds: Math.round(seconds),
      linesPerSecond: Math.round(lines / seconds),
      eventsPerSecond: Math.round(events / seconds),
      rssMbAt25: atShare.get(25) ?? 0,
      rssMbAt50: atShare.get(50) ?? 0,
      rssMbAt75: atShare.get(75) ?? 0,
      rssMbAt100: atShare.get(100) ?? 0,
      peakRssMb: peak,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchImport(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test").then((f) =>
    console.table([f]),
  );
}
