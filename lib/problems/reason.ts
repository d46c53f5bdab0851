// The classification's reason, in words: the rule that decided (classify.ts makes the decision),
// where it matched and what else matched. Templates are named by their pattern (ours); the body
// is named by places (`errors[0]`), never by values.
import type { MessagePattern } from "./catalog";
import { canonicalType } from "./canonical-type";
import type { BodyFormat, BodyMessage, ParsedError } from "./types";

/** Why an article was chosen, before it is put into words. */
export type Decision =
  | { rule: "template"; pattern: MessagePattern; message: BodyMessage; type: string | null }
  | { rule: "type"; type: string }
  | { rule: "type-fallback"; type: string }
  | { rule: "code"; format: BodyFormat; code: string }
  | { rule: "typed-status"; type: string }
  | { rule: "empty-401"; authorizationSent: boolean }
  | { rule: "status"; status: number }
  | { rule: "none" };

const CODE_NAMES: Partial<Record<BodyFormat, string>> = {
  access: "ACCESS error code",
  oauth: "OAuth error",
  oneroster: "OneRoster imsx_codeMinor",
  generic: "error code",
};

/** What the event had to classify by, for a status-only reason: its body's format and message count. */
function bodyAndMessages(parsed: ParsedError): string {
  const body = parsed.format === "log" ? "no body, read from a log" : `${parsed.format} body`;
  const n = parsed.messages.length;
  return `${body}${n ? `, ${n} message${n === 1 ? "" : "s"}` : ", no message"}`;
}

/** One sentence or two: the rule that decided, where it matched, what else matched. */
export function reasonText(decision: Decision, parsed: ParsedError, alsoMatched: string[]): string {
  const received = (type: string) =>
    !parsed.receivedType && parsed.impliedType
      ? " (implied by the exception class in the log)"
      : parsed.receivedType &&
          canonicalType(parsed.receivedType) === type &&
          parsed.receivedType.trim().toLowerCase() !== type
        ? ` (received as ${clip(parsed.receivedType)})`
        : "";
  let text: string;
  switch (decision.rule) {
    case "template":
      text =
        `Template /${decision.pattern.re.source}/ matched ${decision.message.at}` +
        `${decision.type ? `; type ${decision.type}${received(decision.type)} agrees` : ""}.`;
      break;
    case "type":
      text = `Type ${decision.type}${received(decision.type)} identifies this article.`;
      break;
    case "type-fallback":
      text = `Type ${decision.type}${received(decision.type)} with no known message template: the type's usual article.`;
      break;
    case "code":
      text = `${CODE_NAMES[decision.format] ?? "Error code"} "${clip(decision.code)}" names this article.`;
      break;
    case "typed-status":
      text = `Type ${decision.type}${received(decision.type)} names this status.`;
      break;
    case "empty-401":
      text = decision.authorizationSent
        ? "Empty 401 body and the request sent an Authorization header: the token was refused (expired, revoked or not valid here)."
        : "Empty 401 body and the request sent no Authorization header.";
      break;
    case "status":
      text = `No message template, type or code matched (${bodyAndMessages(parsed)}): HTTP status ${decision.status} decides.`;
      break;
    case "none":
      text = "Nothing matched: no template, type, code or known status.";
      break;
  }
  return alsoMatched.length ? `${text} Also matched: ${alsoMatched.join(", ")}.` : text;
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
