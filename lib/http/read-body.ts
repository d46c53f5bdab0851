// Reads a request body with a hard size limit (the stream is cut, not buffered past it) and
// strict UTF-8 decoding.
import { ProblemError } from "./problem";

/** The Content-Length a request declares, or null. */
export function declaredLength(request: Request): number | null {
  const header = request.headers.get("content-length");
  return header !== null && /^\d{1,15}$/.test(header.trim()) ? Number(header) : null;
}

export async function readBodyText(request: Request, maxBytes: number): Promise<{ text: string; bytes: number }> {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) {
    throw new ProblemError("payload-too-large", `The body is ${declared} bytes; at most ${maxBytes} bytes are accepted per request. Split it into several requests.`);
  }
  if (!request.body) return { text: "", bytes: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ProblemError("payload-too-large", `The body is larger than ${maxBytes} bytes; split it into several requests.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), bytes: size };
  } catch {
    throw new ProblemError("invalid-request", "The body is not valid UTF-8. Send JSON or NDJSON encoded as UTF-8.");
  }
}

/** The media type without parameters, lower-cased ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}
