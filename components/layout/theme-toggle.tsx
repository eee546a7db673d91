"use client";
import { useEffect, useState } from "react";
import { THEME_COOKIE, type ThemeChoice } from "./theme";

const OPTIONS: readonly { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/**
 * Light, dark, or the system's choice (the default). The choice is kept per browser in a cookie that the root
 * layout reads, so the page is drawn in it from the first byte; "System" drops the cookie and the CSS follows
 * prefers-color-scheme (app/globals.css).
 */
export function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>("system");
  useEffect(() => {
    const t = document.documentElement.dataset.theme;
    setTheme(t === "light" || t === "dark" ? t : "system");
  }, []);
  function choose(next: ThemeChoice) {
    setTheme(next);
    const root = document.documentElement;
    if (next === "system") {
      delete root.dataset.theme;
      document.cookie = `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
    } else {
      root.dataset.theme = next;
      document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    }
  }
  return (
    <div role="group" aria-label="Theme" className="mt-2 flex overflow-hidden rounded-md border border-slate-300 text-xs" data-testid="theme-toggle">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={theme === o.value}
          onClick={() => choose(o.value)}
          className={`flex-1 px-1.5 py-1 ${theme === o.value ? "bg-slate-800 font-semibold text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
