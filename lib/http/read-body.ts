// Reads a request body with a hard size limit (the stream is cut, not buffered past it), an
// optional deadline for the whole body (a sender that drips bytes is cut off with a 408) and
// strict UTF-8 decoding.
import { ProblemError } from "./problem";

/** The Content-Length a request declares, or null. */
export function declaredLength(request: Request): number | null {
  const header = request.headers.get("content-length");
  return header !== null && /^\d{1,15}$/.test(header.trim()) ? Number(header) : null;
}

export interface ReadBodyOptions {
  /** Milliseconds the whole body may take to arrive; past it the read is cut and a 408 thrown. */
  deadlineMs?: number;
}

export async function readBodyText(
  request: Request,
  maxBytes: number,
  options: ReadBodyOptions = {},
): Promise<{ text: string; bytes: number }> {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) {
    throw new ProblemError(
      "payload-too-large",
      `The body is ${declared} bytes; at most ${maxBytes} bytes are accepted per request. Split it into several requests.`,
    );
  }
  if (!request.body) return { text: "", bytes: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = options.deadlineMs === undefined ? null : bodyDeadline(options.deadlineMs);
  try {
    for (;;) {
      const { done, value } = deadline ? await Promise.race([reader.read(), deadline.expired]) : await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ProblemError(
          "payload-too-large",
          `The body is larger than ${maxBytes} bytes; split it into several requests.`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error === TIMED_OUT) {
      await reader.cancel().catch(() => {});
      throw new ProblemError(
        "request-timeout",
        `The body did not arrive within ${options.deadlineMs} ms (${size} bytes received); nothing of this request was stored. ` +
          "Send it again, or in smaller requests.",
        {
          headers: { connection: "close" },
        },
      );
    }
    throw error;
  } finally {
    deadline?.clear();
  }
  return { text: decodeUtf8(chunks, size), bytes: size };
}

const TIMED_OUT = Symbol("body deadline");

function bodyDeadline(ms: number): { expired: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  expired.catch(() => {}); // raced only while reading; never an unhandled rejection
  return { expired, clear: () => clearTimeout(timer) };
}

function decodeUtf8(chunks: Uint8Array[], size: number): string {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ProblemError("invalid-request", "The body is not valid UTF-8. Send JSON or NDJSON encoded as UTF-8.");
  }
}

/** The media type without parameters, lower-cased ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}
