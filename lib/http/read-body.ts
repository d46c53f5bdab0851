// Reads a request body with a hard size limit (the stream is cut, not buffered past it) and
// strict UTF-8 decoding.
import { ProblemError } from "./problem";

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ProblemError("payload-too-large", `The body is ${declared} bytes; at most ${maxBytes} bytes are accepted per request. Split it into several requests.`);
  }
  if (!request.body) return "";
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
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ProblemError("invalid-request", "The body is not valid UTF-8. Send JSON or NDJSON encoded as UTF-8.");
  }
}

/** The media type without parameters, lower-cased ("application/json"). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}
