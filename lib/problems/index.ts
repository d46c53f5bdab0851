// lib/problems: the knowledge base turned into code. Pure: no I/O, no Next, React or Prisma.
export * from "./types";
export { ARTICLES, getArticle, articleKbUrl, articleFields, kbAnchor, TYPE_ALIASES, type Article } from "./catalog";
export { ARTICLE_PAGES, articlePage, type ArticlePage, type ArticleExample } from "./article-pages";
export { classifyEvent, type ClassifiedEvent } from "./classify";
export { canonicalType } from "./canonical-type";
export { parseBody } from "./parse";
export { resourceFromUrl } from "./resource";
export { fingerprintOf, signatureOf, normalisePath } from "./fingerprint";
export { suggestRoute, type RoutingRuleInput, type RouteSuggestion } from "./routing";
export { TEAM_WORDS, routeInWords } from "./teams";
export { reasonForViewer, ruleReason, type ReasonVisibility } from "./route-reason";
export { showControls } from "./visible-text";
export {
  redactBody,
  redactFreeText,
  redactHeaders,
  redactLogEvidence,
  redactUrl,
  redactText,
  redactValues,
  maskResponseValues,
  FieldMatcher,
  REDACTED,
} from "./redact";
export { PRIVACY_RULES, type FieldRule, type ValueDetector } from "./privacy-rules";
export { cleanText, isRecord, toStorableJson, storableJsonText } from "./text";
export { evidenceOf, apiBaseOf, type EventEvidence } from "./evidence";
