// Event → exactly one article of the catalog, with route, alt, resource, fingerprint and the
// reason it landed there.
//
// Order of decision:
//  1. Bodies with error codes of their own (ACCESS, OAuth token errors, OneRoster, generic
//     `{error:{code}}`): the code's article.
//  2. Message templates, for every format that carries messages (Ed-Fi problem details and ≤ 7.1
//     bodies, text, gateways, Meadowlark, code-less generic bodies): every article whose type or
//     template matches, in catalog order (see prioritise() for the exceptions); all matches are
//     kept in matchedArticles. The message decides where it is specific, whatever the status.
//  3. Ed-Fi type fallbacks (an authorization type with an unknown message → edorg-not-authorized).
//  4. An empty 401: the request's Authorization header tells a refused token from a missing one.
//  5. Types any API may use for rate limiting and unavailability (DMS), the per-status article,
//     then `unclassified`.
import { ARTICLES, type Article, type MessagePattern } from "./catalog";
import { canonicalType } from "./canonical-type";
import { reasonText, type Decision } from "./reason";
import { fingerprintOf, normalisePath, signatureOf, textShapeDigest, type SignatureParts } from "./fingerprint";
import { boundedMemo } from "./memo";
import { parseBody, parseLogEvidence } from "./parse";
import { NO_REQUEST_CONTEXT, requestContextOf, type RequestContext } from "./request-context";
import { LIMITS } from "./text";
import { resourceFromUrl } from "./resource";
import type { BodyFormat, BodyMessage, Classification, ClassifiableEvent, ParsedError } from "./types";

const UNCLASSIFIED = ARTICLES.find((a) => a.id === "unclassified")!;
const EDFI_ARTICLES = ARTICLES.filter((a) => a.group !== "status");
const byId = (id: string) => ARTICLES.find((a) => a.id === id)!;

/** Formats whose own codes decide before any template. */
const CODED_FORMATS: ReadonlySet<BodyFormat> = new Set(["access", "oauth", "oneroster", "generic"]);

export interface ClassifiedEvent extends Classification {
  parsed: ParsedError;
}

interface ArticleMatch {
  article: Article;
  parts: SignatureParts;
  decision: Decision;
}

export function classifyEvent(event: ClassifiableEvent): ClassifiedEvent {
  const parsed = event.body === undefined && event.log ? parseLogEvidence(event.log) : parseBody(event.body);
  const resource = resourceFromUrl(event.url);
  const context = requestContextOf(event.url, event.requestHeaders);
  const c = classifyParsed(event.status, parsed, context);
  return { ...c, resource, fingerprint: fingerprintOf(c.articleId, resource, c.signature), parsed };
}

type ContentClassification = Omit<Classification, "resource" | "fingerprint">;

/**
 * Classifications by their exact inputs. The same message text arrives again and again (a bulk
 * load hits one cause thousands of times) and matching it against every template is most of the
 * cost of classifying; the result is a pure function of these inputs. Bounded in entries and in
 * key length (a body may carry 200 messages of 4,000 characters): at most a few megabytes.
 */
const recent = boundedMemo<ContentClassification>(5_000, 2_000);

function classifyParsed(
  status: number,
  parsed: ParsedError,
  context: RequestContext = NO_REQUEST_CONTEXT,
): ContentClassification {
  return recent.get(classificationKey(status, parsed, context), () => {
    const c = classifyContent(status, parsed, context);
    Object.freeze(c.matchedArticles);
    return Object.freeze(c); // shared by every event with these inputs: nobody may change it
  });
}

/** Everything classifyContent reads, unambiguously (JSON: no crafted text can forge another key). */
function classificationKey(status: number, parsed: ParsedError, context: RequestContext): string {
  return JSON.stringify([
    status,
    parsed.status,
    parsed.format,
    parsed.receivedType,
    parsed.impliedType ?? null,
    parsed.title,
    parsed.codes,
    parsed.messages.map((m) => [m.source, m.path, m.text, m.at]),
    context.queryParameters,
    context.authorizationSent,
  ]);
}

function classifyContent(status: number, parsed: ParsedError, context: RequestContext): ContentClassification {
  const type = canonicalType(parsed.receivedType ?? parsed.impliedType ?? null);
  const messages = parsed.messages.map(matchable);
  const statuses = new Set([status, parsed.status].filter((s): s is number => s !== null));

  const coded = CODED_FORMATS.has(parsed.format) ? articleForCodes(parsed) : null;
  let matches: ArticleMatch[] = [];
  if (!coded) {
    const indexed = messages.map(isIndexedPath); // read once: 18 templates ask it of every message
    matches = EDFI_ARTICLES.flatMap((article) => {
      const m = matchArticle(article, type, statuses, messages, indexed, context);
      return m ? [{ article, ...m }] : [];
    });
    matches = prioritise(matches);
  }
  const chosen = coded ?? matches[0] ?? fallback({ ...parsed, messages }, type, statuses, context);
  const matchedArticles = matches.length ? matches.map((m) => m.article.id) : [chosen.article.id];
  return {
    articleId: chosen.article.id,
    route: chosen.article.route,
    alt: chosen.article.alt,
    matchedArticles,
    canonicalType: type,
    receivedType: parsed.receivedType,
    signature: signatureOf({ ...chosen.parts, paths: validationPaths(messages) }),
    format: parsed.format,
    reason: reasonText(chosen.decision, parsed, matchedArticles.slice(1)),
  };
}

/**
 * A message as the templates read it: cut to the classified length, and with backticks read as
 * quotes when it has no quote at all (lightbeam writes ≤ 7.1 messages with every ' turned into `:
 * "Unable to resolve value `uri://…` to an existing `XDescriptor` resource.").
 */
function matchable(m: BodyMessage): BodyMessage {
  let text = m.text.length > LIMITS.classifiedChars ? m.text.slice(0, LIMITS.classifiedChars) : m.text;
  if (text.includes("`") && !text.includes("'")) text = text.replaceAll("`", "'");
  return text === m.text ? m : { ...m, text };
}

/**
 * Catalog order, except: an article flagged for security review goes first (never hidden
 * behind e.g. a length error on the same value), and an article goes before those it overrides.
 */
function prioritise(matches: ArticleMatch[]): ArticleMatch[] {
  const ordered = [...matches];
  for (const m of matches.filter((x) => x.article.overrides?.length)) {
    const first = ordered.findIndex((x) => m.article.overrides!.includes(x.article.id));
    const at = ordered.indexOf(m);
    if (first >= 0 && first < at) ordered.splice(first, 0, ...ordered.splice(at, 1));
  }
  return ordered.sort((a, b) => Number(Boolean(b.article.securityReview)) - Number(Boolean(a.article.securityReview)));
}

function typeMatches(article: Article, type: string | null): boolean {
  if (!type) return false;
  return (
    (article.types?.includes(type) ?? false) ||
    (article.typePrefixes?.some((p) => type === p || type.startsWith(`${p}:`)) ?? false) ||
    (article.typeSuffixes?.some((s) => type.endsWith(s)) ?? false)
  );
}

/** Signature parts and the decision when the article matches, else null. A template is the more precise reason. */
function matchArticle(
  article: Article,
  type: string | null,
  statuses: Set<number>,
  messages: BodyMessage[],
  indexed: boolean[],
  context: RequestContext,
): Omit<ArticleMatch, "article"> | null {
  const byType = typeMatches(article, type);
  const byPattern =
    article.patterns?.length && mayMatchStatus(article, statuses)
      ? findPattern(article, type, statuses, messages, indexed, context)
      : null;
  if (!byType && !byPattern) return null;
  const decision: Decision = byPattern
    ? { rule: "template", pattern: byPattern.pattern, message: byPattern.message, type: byType ? type : null }
    : { rule: "type", type: type! };
  return { parts: { ...signalParts(article, messages), ...(byPattern?.parts ?? {}) }, decision };
}

interface PatternMatch {
  pattern: MessagePattern;
  message: BodyMessage;
  parts: SignatureParts;
}

function findPattern(
  article: Article,
  type: string | null,
  statuses: Set<number>,
  messages: BodyMessage[],
  indexed: boolean[],
  context: RequestContext,
): PatternMatch | null {
  for (const pattern of article.patterns ?? []) {
    if (!statusAllows(article, pattern, statuses)) continue;
    if (pattern.onlyTypes && type !== null && !pattern.onlyTypes.includes(type)) continue;
    if (pattern.types && (type === null || !pattern.types.includes(type))) continue;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i];
      if (pattern.pathIndexed !== undefined && indexed[i] !== pattern.pathIndexed) continue;
      const match = pattern.re.exec(message.text);
      if (!match || (pattern.when && !pattern.when(match))) continue;
      if (
        pattern.queryParameter &&
        !context.queryParameters.includes((match.groups?.[pattern.queryParameter] ?? "").toLowerCase())
      )
        continue;
      return { pattern, message, parts: groupParts(match) };
    }
  }
  return null;
}

/** Articles none of whose templates apply at any status: the event's status rules them out at once. */
const STATUS_BOUND: ReadonlySet<Article> = new Set(
  EDFI_ARTICLES.filter((a) => a.status !== null && !(a.patterns ?? []).some((p) => p.anyStatus)),
);

function mayMatchStatus(article: Article, statuses: Set<number>): boolean {
  return !STATUS_BOUND.has(article) || statuses.size === 0 || statuses.has(article.status!);
}

function statusAllows(article: Article, pattern: MessagePattern, statuses: Set<number>): boolean {
  return pattern.anyStatus === true || article.status === null || statuses.size === 0 || statuses.has(article.status);
}

function isIndexedPath(message: BodyMessage): boolean {
  return message.path !== null && /\[\d+\]/.test(message.path);
}

function signalParts(article: Article, messages: BodyMessage[]): SignatureParts {
  const parts: SignatureParts = {};
  for (const signal of article.signals ?? []) {
    for (const message of messages) {
      const match = signal.exec(message.text);
      if (match) {
        Object.assign(parts, groupParts(match));
        break;
      }
    }
  }
  return parts;
}

/** Named groups of a template match. A group listing quoted names becomes a sorted list. */
function groupParts(match: RegExpExecArray): SignatureParts {
  const parts: SignatureParts = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) {
    if (value === undefined) continue;
    const names = [...value.matchAll(/'(\w+)'/g)].map((m) => m[1]);
    parts[name] = names.length ? names : value.slice(0, 100);
  }
  return parts;
}

function validationPaths(messages: BodyMessage[]): string[] {
  return messages
    .filter((m) => m.source === "validation" && m.path)
    .map((m) => normalisePath(m.path!).slice(0, 200))
    .slice(0, 20);
}

function fallback(
  parsed: ParsedError,
  type: string | null,
  statuses: Set<number>,
  context: RequestContext,
): ArticleMatch {
  if ((parsed.format === "edfi" || parsed.format === "log") && type) {
    const article = EDFI_ARTICLES.find((a) => a.fallbackForTypes?.includes(type));
    if (article) return { article, parts: {}, decision: { rule: "type-fallback", type } };
  }
  if (statuses.has(401) && parsed.messages.length === 0 && context.authorizationSent !== null) {
    const article = byId(context.authorizationSent ? "auth-token-invalid" : "auth-header-missing");
    return { article, parts: {}, decision: { rule: "empty-401", authorizationSent: context.authorizationSent } };
  }
  const parts: SignatureParts = {
    type: type ?? parsed.receivedType,
    code: parsed.codes,
    // Without a type, the value-free shape of the message keeps unrelated causes apart.
    text: type ? null : textShapeDigest(parsed.title ?? parsed.messages[0]?.text ?? ""),
  };
  const typed = ARTICLES.find((a) => a.group === "status" && typeMatches(a, type));
  if (typed) return { article: typed, parts, decision: { rule: "typed-status", type: type! } };
  for (const status of statuses) {
    const article =
      ARTICLES.find((a) => a.group === "status" && a.statuses?.includes(status)) ??
      ARTICLES.find((a) => a.statuses?.includes(status));
    if (article) return { article, parts, decision: { rule: "status", status } };
  }
  return { article: UNCLASSIFIED, parts: { ...parts, status: [...statuses].map(String) }, decision: { rule: "none" } };
}

/** The article a body's own error code names, for formats that carry codes. */
function articleForCodes(parsed: ParsedError): ArticleMatch | null {
  for (const code of parsed.codes) {
    const article = articleForCode(parsed.format, code);
    if (article)
      return { article, parts: { code: parsed.codes }, decision: { rule: "code", format: parsed.format, code } };
  }
  return null;
}

function articleForCode(format: BodyFormat, code: string): Article | undefined {
  switch (format) {
    case "access":
      return (
        ARTICLES.find((a) => a.accessCodes?.includes(code)) ??
        ARTICLES.find((a) => a.accessCodes?.some((c) => c.toLowerCase() === code.toLowerCase()))
      );
    case "oauth":
      return ARTICLES.find((a) => a.oauthCodes?.includes(code));
    case "oneroster":
      return ARTICLES.find((a) => a.oneRosterCodes?.includes(code.toLowerCase()));
    default:
      return ARTICLES.find((a) => a.genericCodes?.includes(code.toUpperCase()));
  }
}
