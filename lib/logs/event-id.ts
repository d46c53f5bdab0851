// A stable id for an event read from a log: the same record imported again (the same file, a
// rotated copy, a gzipped copy) gets the same id, so ingest's idempotency stores it once.
import { hash } from "node:crypto";
import type { LogFormat } from "./types";

export function logEventId(format: LogFormat, recordText: string): string {
  return `log:${format}:${hash("sha256", recordText, "base64url").slice(0, 32)}`;
}
