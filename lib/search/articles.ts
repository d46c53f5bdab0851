// Catalog articles whose title (or id) holds every word of a search: "descriptor not found" finds
// the article however the words are ordered. Pure: the catalog is data.
import { ARTICLES, type Article } from "../problems/catalog";

export function articlesMatching(words: readonly string[], limit = 10): Article[] {
  if (!words.length) return [];
  return ARTICLES.filter((a) => {
    const haystack = `${a.title} ${a.id.replaceAll("-", " ")}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  }).slice(0, limit);
}
