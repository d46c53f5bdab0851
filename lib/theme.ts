// The colour scheme a viewer chose: light, dark, or the operating system's (the default). Kept in a
// cookie so the server renders the page in it from the first byte (no flash of the other scheme).
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "triage-theme";
/** A year, in seconds. */
export const THEME_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export function themeOf(value: string | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}
