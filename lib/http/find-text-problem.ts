// Text Warden cannot store or show faithfully: Postgres `text` and `jsonb` refuse U+0000, and an unpaired
// UTF-16 surrogate is not Unicode text at all (it cannot be encoded as UTF-8 without being replaced).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this string is refused (a NUL, an unpaired surrogate), or null when it is fine. */
export function findTextProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate, which is not valid Unicode text";
  return null;
}

/** A string as it can be named in an error: NUL, other controls and unpaired surrogates as \uXXXX. */
export function escapeText(s: string, maxLength = 120): string {
  const cut = s.length > maxLength ? `${s.slice(0, maxLength)}…` : s;
  return cut.replace(
    /[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
