// A problem type URN as the catalog knows it: lower case, trailing colons trimmed, an older
// spelling mapped to its current one (TYPE_ALIASES). Reason phrases of ≤ 7.1 bodies are not types.
import { TYPE_ALIASES } from "./catalog";

export function canonicalType(receivedType: string | null): string | null {
  if (!receivedType) return null;
  const type = trimTrailingColons(receivedType.trim().toLowerCase());
  if (!type.startsWith("urn:")) return null; // ≤ 7.1 reason phrases ("Conflict") are not types
  return TYPE_ALIASES.get(type) ?? type;
}

function trimTrailingColons(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ":") end--;
  return text.slice(0, end);
}
