// A log file, line by line, into outcomes: events, ignored records (not error responses) and
// skipped ones with their reason and line number. Holds one record at a time: constant memory
// whatever the file's size. Pure: the caller reads the file (lib/cli/import.ts).
import { LocalClock } from "./local-clock";
import { CsvRecordAssembler, csvFields } from "./csv";
import { contentLogHeader, parseContentLogRecord, type ContentLogHeader } from "./formats/content-log";
import { DmsJsonReader, isDmsTextStart, parseDmsTextRecord } from "./formats/dms";
import { isLog4netStart, parseLog4netRecord } from "./formats/log4net-main";
import { parseNdjsonRecord } from "./formats/ndjson";
import { isRequestLogStart, parseRequestLogRecord } from "./formats/request-log";
import { RecordAssembler } from "./records";
import type { LogFormat, LogRecord, RecordOutcome } from "./types";

export type OutcomeAt = RecordOutcome & { line: number };

export interface LogReader {
  push(line: string, lineNumber: number): OutcomeAt[];
  end(): OutcomeAt[];
}

export interface ReaderOptions {
  /** The server's time zone: log4net and DMS text logs write local times without an offset. */
  timeZone: string;
}

const ORPHAN = "continuation line without a record before it (the file starts mid-record: rotation or a cut)";

export function createLogReader(format: LogFormat, options: ReaderOptions): LogReader {
  const clock = new LocalClock(options.timeZone);
  switch (format) {
    case "ndjson":
      return lineReader((r) => parseNdjsonRecord(r));
    case "dms-json": {
      const dms = new DmsJsonReader();
      return lineReader((r) => (r.lines[0].trim() ? dms.parse(r) : { kind: "ignored", reason: "empty line" }));
    }
    case "edfi-log4net":
      return multiLineReader(isLog4netStart, (r) => parseLog4netRecord(r, clock));
    case "edfi-request-log":
      return multiLineReader(isRequestLogStart, (r) => parseRequestLogRecord(r, clock));
    case "dms-text":
      return multiLineReader(isDmsTextStart, (r) => parseDmsTextRecord(r, clock));
    case "edfi-content-log":
      return csvReader(clock);
  }
}

function at(record: LogRecord, outcome: RecordOutcome): OutcomeAt {
  return { ...outcome, line: record.line };
}

function lineReader(parse: (r: LogRecord) => RecordOutcome): LogReader {
  return {
    push: (line, lineNumber) => {
      const record = { line: lineNumber, lines: [line] };
      return [at(record, parse(record))];
    },
    end: () => [],
  };
}

function multiLineReader(isStart: (line: string) => boolean, parse: (r: LogRecord) => RecordOutcome): LogReader {
  const records = new RecordAssembler(isStart);
  return {
    push: (line, lineNumber) => {
      const { record, orphan } = records.push(line, lineNumber);
      if (orphan) return [{ kind: "skipped", reason: ORPHAN, line: lineNumber }];
      return record ? [at(record, parse(record))] : [];
    },
    end: () => {
      const record = records.end();
      return record ? [at(record, parse(record))] : [];
    },
  };
}

function csvReader(clock: LocalClock): LogReader {
  const records = new CsvRecordAssembler();
  let header: ContentLogHeader | null = null;
  const handle = (record: LogRecord): OutcomeAt[] => {
    if (!record.lines.join("").trim()) return [];
    if (!header) {
      header = contentLogHeader(csvFields(record.lines.join("\n")) ?? []);
      return header
        ? []
        : [
            {
              kind: "skipped",
              reason: "the first row is not a RequestResponseContentLog header (Date, …, ResponseBody expected)",
              line: record.line,
            },
          ];
    }
    return [at(record, parseContentLogRecord(record, header, clock))];
  };
  return {
    push: (line, lineNumber) => {
      const { record } = records.push(line, lineNumber);
      return record ? handle(record) : [];
    },
    end: () => {
      const open = records.end();
      return open
        ? [
            {
              kind: "skipped",
              reason: "unterminated quoted field at the end of the file (cut mid-record)",
              line: open.line,
            },
          ]
        : [];
    },
  };
}
