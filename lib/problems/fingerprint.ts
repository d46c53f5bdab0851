// The grouping key of a Problem: article + resource + a signature of what varies by cause
// (normalised property paths, descriptor type, referenced resource, claim set…). Never raw ids,
// numbers, values or correlationIds, so the same cause in two districts is one Problem.
import { hash } from "node:crypto";
import { boundedMemo } from "./memo";

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
  return recentFingerprints.get(input, () => hash("sha256", input, "hex").slice(0, 32));
}

/** Fingerprints by their input: a problem's events share one, so most are found here. */
const recentFingerprints = boundedMemo<string>(5_000, 1_000);

/**
 * The shape of free text as a short digest: it groups bodies of the same wording, and a problem
 * (shared by every district) keeps no words of any one district's event.
 */
export function textShapeDigest(text: string): string {
  return `#${hash("sha256", textShape(text), "hex").slice(0, 12)}`;
}

/**
 * A value-free shape of free text, for bodies that carry nothing structured (text, HTML,
 * unknown JSON): numbers, ids, quoted values and e-mail addresses are replaced by placeholders.
 */
export function textShape(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi, "#")
    .replace(/(?<![^\s@])[^\s@]+@[^\s@]+/g, "@")
    .replace(/'[^']*'|"[^"]*"/g, "'…'")
    .replace(/\d+/g, "#")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);
}
