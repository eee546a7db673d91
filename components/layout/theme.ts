// The colour theme a browser chose: kept in a cookie (per browser), read by the root layout so the first paint
// is already right. No cookie = follow the system (prefers-color-scheme), in CSS.
export const THEME_COOKIE = "warden-theme";
export type ThemeChoice = "system" | "light" | "dark";

/** The <html data-theme> value for a cookie value: "light" or "dark", anything else follows the system. */
export function themeAttribute(cookie: string | undefined): "light" | "dark" | undefined {
  return cookie === "light" || cookie === "dark" ? cookie : undefined;
}
