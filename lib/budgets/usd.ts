import { z } from "zod";

// Money crosses the API as exact decimals. Gateways may send a JSON number (0.25) or a decimal string
// ("0.25"); either way it becomes a canonical decimal string with at most 6 decimals, which Postgres
// stores in numeric(18,6) without rounding. Responses carry decimal strings.

export const MAX_USD = 1_000_000_000;
const DECIMAL_RE = /^\d{1,10}(\.\d{1,6})?$/;

/** A number with at most 6 decimals as a plain decimal string (no exponent), or null if it has more. */
export function numberToDecimal(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const micros = Math.round(n * 1e6);
  if (Math.abs(micros - n * 1e6) > 1e-6 * Math.max(1, Math.abs(n))) return null;
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros % 1e6).padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

export const UsdAmount = z
  .union([z.number(), z.string().max(24)])
  .transform((v, ctx) => {
    const s = typeof v === "number" ? numberToDecimal(v) : DECIMAL_RE.test(v.trim()) ? v.trim() : null;
    if (s === null || Number(s) > MAX_USD) {
      ctx.addIssue({ code: "custom", message: `must be a non-negative amount in USD with at most 6 decimals, up to ${MAX_USD}` });
      return z.NEVER;
    }
    return s;
  })
  .meta({ description: "USD amount: a JSON number or a decimal string, ≥ 0, at most 6 decimals." });

/** Display only: "$1,234.50". */
export function formatUsd(value: number | string, opts: { precise?: boolean } = {}): string {
  const n = typeof value === "string" ? Number(value) : value;
  const small = Math.abs(n) > 0 && Math.abs(n) < 1;
  return n.toLocaleString("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: opts.precise || small ? 4 : 2,
  });
}

/** Exact decimal strings from Postgres ("12.500000") trimmed for JSON ("12.5"). */
export function trimDecimal(s: string): string {
  if (!s.includes(".")) return s;
  const t = s.replace(/0+$/, "").replace(/\.$/, "");
  return t === "" || t === "-" ? "0" : t;
}
