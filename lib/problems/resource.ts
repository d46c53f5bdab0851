// The Ed-Fi resource an event is about, from its URL:
//   …/data/v3/ed-fi/students/{id}  → students
//   …/data/v3/2025/ed-fi/Students   → students (year-specific route; first letter lower-cased)
//   /data/ed-fi/academicWeeks        → academicWeeks (DMS)
//   …/data/v3/tpdm/candidates        → candidates
// Anything that is not an Ed-Fi data or composite route gives null.

const SCHEMA = /^[a-z][a-z0-9-]*$/;
const RESOURCE = /^[A-Za-z][A-Za-z0-9]*$/;
const KNOWN_SCHEMAS = new Set(["ed-fi", "tpdm"]);

export function resourceFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const path = pathOf(url);
  if (!path) return null;
  const segments = path.split("/").filter(Boolean).map(safeDecode);
  // A known schema anywhere in the path is the strongest signal (covers DMS paths without /data).
  for (let i = 0; i < segments.length - 1; i++) {
    if (KNOWN_SCHEMAS.has(segments[i].toLowerCase()) && RESOURCE.test(segments[i + 1]))
      return normalise(segments[i + 1]);
  }
  // Extension schemas: the first schema/resource pair after /data[/v3] or /composites/v1.
  const start = segments.findIndex((s) => s === "data" || s === "composites");
  if (start < 0) return null;
  for (let i = start + 1; i < segments.length - 1; i++) {
    const s = segments[i];
    if (/^v\d+$/.test(s)) continue;
    if (SCHEMA.test(s) && RESOURCE.test(segments[i + 1])) return normalise(segments[i + 1]);
  }
  return null;
}

function pathOf(url: string): string | null {
  try {
    return new URL(url, "http://relative.invalid").pathname;
  } catch {
    return null;
  }
}

function safeDecode(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function normalise(resource: string): string {
  return resource.slice(0, 1).toLowerCase() + resource.slice(1, 100);
}
