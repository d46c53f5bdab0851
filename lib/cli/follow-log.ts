// Following a live log file, as `tail -F` does, for shipping as it is written:
//  - new bytes are read every POLL_MS from where the last read stopped; a line is taken only once
//    its newline is written;
//  - rotation: when the path names another file (rename and create: log4net's RollingFileAppender,
//    logrotate) or the file got shorter (copytruncate), the old file is read to its end first,
//    then the new one from its start;
//  - restarts: the position (the file's identity and the byte offset of the first line not yet
//    stored) is kept in a state file after every stored batch. On start, the same file resumes at
//    that offset; a file rotated while stopped is finished from its rotated name (path.1) first.
// Events are stored by `store` in batches; ids are stable (event-id.ts), so reading a line twice
// after a crash stores nothing twice.
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createLogReader, type OutcomeAt } from "../logs/reader";
import type { LogFormat } from "../logs/types";

export const POLL_MS = 500;
/** A record still open this long (no next record started) is taken as complete. */
export const IDLE_FLUSH_MS = 5_000;
const CHUNK = 1 << 20;

export interface FollowState {
  /** dev:ino of the file the offset is in. */
  file: string;
  offset: number;
}

export interface FollowOptions {
  path: string;
  format: LogFormat;
  timeZone: string;
  statePath: string;
  /** Takes outcomes in order; resolves once their events are stored. */
  store: (outcomes: OutcomeAt[]) => Promise<void>;
  signal: AbortSignal;
  /** Called after each poll (tests wait on it). */
  onIdle?: () => void;
  /** Lines read, as they are read. */
  onLines?: (n: number) => void;
}

const identity = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`;

export function readState(statePath: string): FollowState | null {
  try {
    const s = JSON.parse(readFileSync(statePath, "utf8")) as FollowState;
    return typeof s.file === "string" && Number.isSafeInteger(s.offset) ? s : null;
  } catch {
    return null;
  }
}

function saveState(statePath: string, state: FollowState) {
  writeFileSync(`${statePath}.tmp`, JSON.stringify(state));
  renameSync(`${statePath}.tmp`, statePath); // atomic: a crash leaves the old state or the new
}

/** One open file being read: its descriptor, identity, where the next read starts, the unfinished line. */
class OpenFile {
  readonly fd: number;
  readonly id: string;
  position: number;
  /** Byte offset where the unconsumed text (a line without its newline yet) begins. */
  lineStart: number;
  private rest = Buffer.alloc(0);
  lineNumber = 0;

  constructor(path: string, offset: number) {
    this.fd = openSync(path, "r");
    this.id = identity(fstatSync(this.fd));
    this.position = offset;
    this.lineStart = offset;
  }

  /** Complete lines written since the last call, with their start offsets. */
  readLines(): { text: string; start: number }[] {
    const out: { text: string; start: number }[] = [];
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(this.fd, buffer, 0, CHUNK, this.position);
      if (n <= 0) break;
      this.position += n;
      let data = Buffer.concat([this.rest, buffer.subarray(0, n)]);
      let from = 0;
      for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
        const end = nl > from && data[nl - 1] === 13 ? nl - 1 : nl;
        out.push({ text: data.toString("utf8", from, end), start: this.lineStart });
        this.lineStart += nl + 1 - from;
        from = nl + 1;
      }
      this.rest = Buffer.from(data.subarray(from));
      data = Buffer.alloc(0);
      if (n < CHUNK) break;
    }
    return out;
  }

  close() {
    closeSync(this.fd);
  }
}

export async function follow(options: FollowOptions): Promise<void> {
  const { path, statePath } = options;
  let reader = createLogReader(options.format, { timeZone: options.timeZone });
  let file: OpenFile | null = null;
  /** Offset of the first line of the record the reader still holds (nothing before it is pending). */
  let safeOffset = 0;
  let heldSince = 0;
  const previous = readState(statePath);

  const consume = async (lines: { text: string; start: number }[], f: OpenFile) => {
    const outcomes: OutcomeAt[] = [];
    if (lines.length) options.onLines?.(lines.length);
    for (const line of lines) {
      f.lineNumber++;
      const out = reader.push(line.text, f.lineNumber);
      if (out.length) {
        outcomes.push(...out);
        safeOffset = line.start; // this line opened the record now held (or was taken whole)
        heldSince = Date.now();
      }
    }
    if (outcomes.length) await options.store(outcomes);
  };
  const finishFile = async (f: OpenFile) => {
    await consume(f.readLines(), f);
    const last = reader.end();
    if (last.length) await options.store(last);
    f.close();
    reader = createLogReader(options.format, { timeZone: options.timeZone });
  };
  const checkpoint = (f: OpenFile) => saveState(statePath, { file: f.id, offset: safeOffset });

  // A file rotated while we were stopped: finish it under its rotated name first.
  if (previous && existsSync(path) && identity(statSync(path)) !== previous.file) {
    const rotated = `${path}.1`;
    if (existsSync(rotated) && identity(statSync(rotated)) === previous.file) {
      const old = new OpenFile(rotated, previous.offset);
      safeOffset = previous.offset;
      await finishFile(old);
    }
  }

  while (!options.signal.aborted) {
    if (!file) {
      if (!existsSync(path)) {
        await sleep(POLL_MS, options.signal);
        continue;
      }
      const resume: number = previous && identity(statSync(path)) === previous.file ? previous.offset : 0;
      file = new OpenFile(path, resume);
      safeOffset = resume;
    }
    await consume(file.readLines(), file);
    // Rotated (another file at the path) or truncated: finish this one, start the new one.
    const now = existsSync(path) ? statSync(path) : null;
    if (now && (identity(now) !== file.id || now.size < file.position)) {
      await finishFile(file);
      file = null;
      safeOffset = 0;
      continue;
    }
    // A record held with nothing after it for a while is complete (its file is idle).
    if (heldSince && Date.now() - heldSince > IDLE_FLUSH_MS) {
      const last = reader.end();
      if (last.length) await options.store(last);
      safeOffset = file.lineStart;
      heldSince = 0;
    }
    checkpoint(file);
    options.onIdle?.();
    await sleep(POLL_MS, options.signal);
  }
  if (file) {
    checkpoint(file);
    file.close();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
