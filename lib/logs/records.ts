// Multi-line records: log4net and Serilog text files write an exception and its stack trace on
// the lines after the record's first line. A record starts at a line its format recognises; every
// other line continues the record before it (log-formats.md §F.1). Lines before the first record
// of a file belong to a record that began in an earlier file (rotation) or was cut: orphans.
// Bounded: a record keeps at most MAX_LINES lines of at most MAX_LINE_CHARS characters.
import type { LogRecord } from "./types";

export const MAX_LINES = 200;
export const MAX_LINE_CHARS = 16_000;

export class RecordAssembler {
  private current: LogRecord | null = null;

  constructor(private readonly isStart: (line: string) => boolean) {}

  /** Feed a line (without its newline). Returns the record it completes, an orphan, or nothing. */
  push(line: string, lineNumber: number): { record?: LogRecord; orphan?: true } {
    const text = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
    if (this.isStart(text)) {
      const done = this.current;
      this.current = { line: lineNumber, lines: [text] };
      return done ? { record: withoutTrailingBlanks(done) } : {};
    }
    if (!this.current) return text.trim() ? { orphan: true } : {};
    if (this.current.lines.length < MAX_LINES) this.current.lines.push(text);
    return {};
  }

  /** The record still open at the end of the input. */
  end(): LogRecord | null {
    const done = this.current;
    this.current = null;
    return done && withoutTrailingBlanks(done);
  }
}

/** A record ends at its last non-blank line: the same record reads the same whatever follows it. */
function withoutTrailingBlanks(record: LogRecord): LogRecord {
  let n = record.lines.length;
  while (n > 1 && !record.lines[n - 1].trim()) n--;
  return n === record.lines.length ? record : { line: record.line, lines: record.lines.slice(0, n) };
}
