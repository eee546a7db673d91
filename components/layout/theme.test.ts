import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { themeAttribute } from "./theme";

const root = path.resolve(import.meta.dirname, "../..");

describe("themeAttribute", () => {
  it("keeps a browser's light or dark choice and follows the system for anything else", () => {
    expect(themeAttribute("dark")).toBe("dark");
    expect(themeAttribute("light")).toBe("light");
    expect(themeAttribute(undefined)).toBeUndefined();
    expect(themeAttribute("system")).toBeUndefined();
    expect(themeAttribute('dark" onload="x')).toBeUndefined();
  });
});

describe("app/theme-palette.css", () => {
  // Tailwind's own values: the light half must be exactly them (a Tailwind upgrade that changes a colour shows here).
  const tailwind = new Map([...readFileSync(path.join(root, "node_modules/tailwindcss/theme.css"), "utf8").matchAll(/--color-([a-z]+-\d+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
  const palette = [...readFileSync(path.join(root, "app/theme-palette.css"), "utf8").matchAll(/--color-([a-z]+-\d+): light-dark\((oklch\([^)]*\)), (oklch\([^)]*\))\);/g)];
  const MIRROR: Record<string, string> = { "50": "950", "100": "900", "200": "800", "300": "700", "400": "500", "500": "400", "600": "300", "700": "200", "800": "100", "900": "50", "950": "50" };

  it("gives every step Tailwind's light value, and in the dark the value of its mirror step", () => {
    expect(palette.length).toBeGreaterThan(150);
    for (const [, name, light, dark] of palette) {
      expect(light, name).toBe(tailwind.get(name));
      const [hue, step] = [name.replace(/-\d+$/, ""), name.replace(/^.*-/, "")];
      // slate-100 sits between the card (white → slate-900) and slate-200 in the dark, so it is set by hand.
      if (name !== "slate-100") expect(dark, name).toBe(tailwind.get(`${hue}-${MIRROR[step]}`));
    }
  });
});
