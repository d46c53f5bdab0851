// The grouping key of a Problem: article + resource + a signature of what varies by cause
// (normalised property paths, descriptor type, referenced resource, claim set…). Never raw ids,
// numbers, values or correlationIds, so the same cause in two districts is one Problem.
import { createHash } from "node:crypto";

/** `$.scores[1].x` → `$.scores[*].x` */
export function normalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, "[*]");
}

export interface SignatureParts {
  [name: string]: string | readonly string[] | null | undefined;
}

/** Stable text form: keys sorted, lists sorted and de-duplicated, empty parts left out. */
export function signatureOf(parts: SignatureParts): string {
  return Object.keys(parts)
    .sort()
    .flatMap((key) => {
      const value = parts[key];
      if (value === null || value === undefined) return [];
      if (typeof value === "string") return value ? [`${key}=${value}`] : [];
      const list = [...new Set(value)].sort();
      return list.length ? [`${key}=${list.join(",")}`] : [];
    })
    .join("; ");
}

export function fingerprintOf(articleId: string, resource: string | null, signature: string): string {
  const input = `${articleId}\u0000${resource ?? ""}\u0000${signature}`;
  let fingerprint = recentFingerprints.get(input);
  if (fingerprint === undefined) {
    fingerprint = createHash("sha256").update(input).digest("hex").slice(0, 32);
    if (input.length <= 1_000) {
      if (recentFingerprints.size >= 5_000) recentFingerprints.clear();
      recentFingerprints.set(input, fingerprint);
    }
  }
  return fingerprint;
}

/** Fingerprints by their input: a problem's events share one, so most are found here (bounded). */
const recentFingerprints = new Map<string, string>();

/**
 * A value-free shape of free text, for bodies that carry nothing structured (text, HTML,
 * unknown JSON): numbers, ids, quoted values and e-mail addresses are replaced by placeholders.
 */
export function textShape(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi, "#")
    .replace(/\S+@\S+/g, "@")
    .replace(/'[^']*'|"[^"]*"/g, "'…'")
    .replace(/\d+/g, "#")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);
}
