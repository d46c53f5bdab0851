// Event → exactly one article of the catalog, with route, alt, resource and fingerprint.
//
// Order of decision:
//  1. Ed-Fi bodies: every Ed-Fi article whose type or message template matches, in catalog
//     order (see prioritise() for the two exceptions); all matches are kept in matchedArticles.
//  2. Ed-Fi type fallbacks (an authorization type with an unknown message → edorg-not-authorized).
//  3. ACCESS and generic error codes.
//  4. Types any API may use for rate limiting and unavailability (DMS).
//  5. The per-status article, then `unclassified`.
import { ARTICLES, TYPE_ALIASES, type Article, type MessagePattern } from "./catalog";
import { fingerprintOf, normalisePath, signatureOf, textShapeDigest, type SignatureParts } from "./fingerprint";
import { boundedMemo } from "./memo";
import { OAUTH_CODE, parseBody } from "./parse";
import { LIMITS } from "./text";
import { resourceFromUrl } from "./resource";
import type { BodyMessage, Classification, ClassifiableEvent, ParsedError } from "./types";

const UNCLASSIFIED = ARTICLES.find((a) => a.id === "unclassified")!;
const EDFI_ARTICLES = ARTICLES.filter((a) => a.group !== "status");

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

export interface ClassifiedEvent extends Classification {
  parsed: ParsedError;
}

interface ArticleMatch {
  article: Article;
  parts: SignatureParts;
}

export function classifyEvent(event: ClassifiableEvent): ClassifiedEvent {
  const parsed = parseBody(event.body);
  const resource = resourceFromUrl(event.url);
  const c = classifyParsed(event.status, parsed);
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

function classifyParsed(status: number, parsed: ParsedError): ContentClassification {
  return recent.get(classificationKey(status, parsed), () => {
    const c = classifyContent(status, parsed);
    Object.freeze(c.matchedArticles);
    return Object.freeze(c); // shared by every event with these inputs: nobody may change it
  });
}

/** Everything classifyContent reads, unambiguously (JSON: no crafted text can forge another key). */
function classificationKey(status: number, parsed: ParsedError): string {
  return JSON.stringify([status, parsed.status, parsed.format, parsed.receivedType, parsed.title, parsed.codes, parsed.messages.map((m) => [m.source, m.path, m.text])]);
}

function classifyContent(status: number, parsed: ParsedError): ContentClassification {
  const type = canonicalType(parsed.receivedType);
  const messages = parsed.messages.map((m) => (m.text.length > LIMITS.classifiedChars ? { ...m, text: m.text.slice(0, LIMITS.classifiedChars) } : m));
  const statuses = new Set([status, parsed.status].filter((s): s is number => s !== null));

  let matches: ArticleMatch[] = [];
  // Ed-Fi templates are specific enough to apply to plain-text bodies too (some ODS middleware
  // answers in text); other formats are classified by their codes and status.
  if (parsed.format === "edfi" || parsed.format === "text") {
    matches = EDFI_ARTICLES.flatMap((article) => {
      const parts = matchEdFiArticle(article, type, statuses, messages);
      return parts ? [{ article, parts }] : [];
    });
    matches = prioritise(matches);
  }
  const chosen = matches[0] ?? fallback({ ...parsed, messages }, type, statuses);
  return {
    articleId: chosen.article.id,
    route: chosen.article.route,
    alt: chosen.article.alt,
    matchedArticles: matches.length ? matches.map((m) => m.article.id) : [chosen.article.id],
    canonicalType: type,
    receivedType: parsed.receivedType,
    signature: signatureOf({ ...chosen.parts, paths: validationPaths(messages) }),
    format: parsed.format,
  };
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

/** Signature parts when the article matches, else null. */
function matchEdFiArticle(article: Article, type: string | null, statuses: Set<number>, messages: BodyMessage[]): SignatureParts | null {
  const byType = typeMatches(article, type);
  const byPattern = article.patterns?.length ? findPattern(article, type, statuses, messages) : null;
  if (!byType && !byPattern) return null;
  return { ...signalParts(article, messages), ...(byPattern ?? {}) };
}

function findPattern(article: Article, type: string | null, statuses: Set<number>, messages: BodyMessage[]): SignatureParts | null {
  for (const pattern of article.patterns ?? []) {
    if (!statusAllows(article, pattern, statuses)) continue;
    if (pattern.onlyTypes && type !== null && !pattern.onlyTypes.includes(type)) continue;
    for (const message of messages) {
      if (pattern.pathIndexed !== undefined && isIndexedPath(message) !== pattern.pathIndexed) continue;
      const match = pattern.re.exec(message.text);
      if (match && (!pattern.when || pattern.when(match))) return groupParts(match);
    }
  }
  return null;
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

function fallback(parsed: ParsedError, type: string | null, statuses: Set<number>): ArticleMatch {
  if (parsed.format === "edfi" && type) {
    const article = EDFI_ARTICLES.find((a) => a.fallbackForTypes?.includes(type));
    if (article) return { article, parts: {} };
  }
  const codeArticle = articleForCodes(parsed);
  if (codeArticle) return { article: codeArticle, parts: { code: parsed.codes } };

  const typed = ARTICLES.find((a) => a.group === "status" && typeMatches(a, type));
  const parts: SignatureParts = {
    type: type ?? parsed.receivedType,
    code: parsed.codes,
    // Without a type, the value-free shape of the message keeps unrelated causes apart.
    text: type ? null : textShapeDigest(parsed.title ?? parsed.messages[0]?.text ?? ""),
  };
  if (typed) return { article: typed, parts };
  for (const status of statuses) {
    const article = ARTICLES.find((a) => a.group === "status" && a.statuses?.includes(status)) ?? ARTICLES.find((a) => a.statuses?.includes(status));
    if (article) return { article, parts };
  }
  return { article: UNCLASSIFIED, parts: { ...parts, status: [...statuses].map(String) } };
}

function articleForCodes(parsed: ParsedError): Article | undefined {
  for (const code of parsed.codes) {
    const article =
      parsed.format === "access"
        ? ARTICLES.find((a) => a.accessCodes?.includes(code)) ?? ARTICLES.find((a) => a.accessCodes?.some((c) => c.toLowerCase() === code.toLowerCase()))
        : code.startsWith(OAUTH_CODE)
          ? ARTICLES.find((a) => a.oauthCodes?.includes(code.slice(OAUTH_CODE.length)))
          : ARTICLES.find((a) => a.genericCodes?.includes(code.toUpperCase()));
    if (article) return article;
  }
  return undefined;
}
