// CSV as exported by database tools (RFC 4180): quoted fields may hold commas, doubled quotes and
// line breaks. Read a line at a time, in one pass; no pattern ever rescans the text.
import type { LogRecord } from "./types";

/** CSV records span lines when a quoted field holds line breaks: complete when its quotes balance. */
export class CsvRecordAssembler {
  private pending: LogRecord | null = null;
  private quotes = 0;

  push(line: string, lineNumber: number): { record?: LogRecord } {
    if (!this.pending) this.pending = { line: lineNumber, lines: [] };
    this.pending.lines.push(line);
    for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 34) this.quotes++;
    if (this.quotes % 2 !== 0) return {};
    const record = this.pending;
    this.pending = null;
    this.quotes = 0;
    return { record };
  }

  /** A record left open at the end: a quoted field never closed (a file cut mid-record). */
  end(): LogRecord | null {
    const open = this.pending;
    this.pending = null;
    this.quotes = 0;
    return open;
  }
}

/** RFC 4180 fields of one record (quotes doubled inside quoted fields). One pass. */
export function csvFields(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(value);
    } else {
      const comma = text.indexOf(",", i);
      out.push(text.slice(i, comma < 0 ? undefined : comma).replace(/\r$/, ""));
      if (comma < 0) return out;
      i = comma + 1;
      continue;
    }
    if (i >= text.length || text[i] === "\r") return out;
    if (text[i] !== ",") return null;
    i++;
  }
}

/** A CSV text's records as fields with their first line number (a record may span lines); unreadable ones as errors. */
export function csvRecords(text: string): {
  records: { line: number; fields: string[] }[];
  errors: { line: number; reason: string }[];
} {
  const out: ReturnType<typeof csvRecords> = { records: [], errors: [] };
  const assembler = new CsvRecordAssembler();
  text.split("\n").forEach((l, i) => {
    const { record } = assembler.push(l.endsWith("\r") ? l.slice(0, -1) : l, i + 1);
    if (!record) return;
    const fields = csvFields(record.lines.join("\n"));
    if (!fields) out.errors.push({ line: record.line, reason: "unreadable CSV row" });
    else if (fields.some((f) => f.trim())) out.records.push({ line: record.line, fields });
  });
  const open = assembler.end();
  if (open) out.errors.push({ line: open.line, reason: "unterminated quoted field" });
  return out;
}
