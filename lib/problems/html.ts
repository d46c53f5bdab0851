// HTML error pages (gateways, IIS, proxies): is it HTML, its title, its visible text. Single-pass
// scanners over bounded text: no pattern ever rescans attacker-controlled markup.
import { cleanText, LIMITS } from "./text";

const HTML_START = ["<!doctype", "<html", "<head", "<body", "<?xml"];
const HTML_END = ["</html>", "</body>", "</h1>", "</p>", "</div>", "</title>"];

export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2_000).toLowerCase();
  return HTML_START.some((t) => head.startsWith(t)) || HTML_END.some((t) => head.includes(t));
}

export function htmlTitle(html: string): string | null {
  const lower = html.slice(0, LIMITS.htmlChars).toLowerCase();
  const open = lower.indexOf("<title");
  if (open < 0) return null;
  const start = lower.indexOf(">", open);
  if (start < 0) return null;
  const end = lower.indexOf("</title>", start);
  if (end < 0 || end - start > 501) return null;
  return cleanText(collapseSpace(decodeEntities(html.slice(start + 1, end))), 300);
}

/** Visible text of HTML: script and style elements dropped, tags removed, one pass each. */
export function htmlToText(html: string): string {
  const text = html.slice(0, LIMITS.htmlChars);
  const lower = text.toLowerCase();
  let out = "";
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) {
      out += text.slice(i);
      break;
    }
    out += `${text.slice(i, lt)} `;
    const gt = text.indexOf(">", lt);
    if (gt < 0) break; // an unclosed tag: the rest is markup
    const element = lower.startsWith("<script", lt) ? "script" : lower.startsWith("<style", lt) ? "style" : null;
    if (element) {
      const close = lower.indexOf(`</${element}`, gt);
      const closeEnd = close < 0 ? -1 : lower.indexOf(">", close);
      i = closeEnd < 0 ? text.length : closeEnd + 1;
    } else i = gt + 1;
  }
  return collapseSpace(decodeEntities(out));
}

function collapseSpace(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(" ");
}

const NAMED_ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", " "],
]);

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{1,10});/gi, (all, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return NAMED_ENTITIES.get(code.toLowerCase()) ?? all;
  });
}
