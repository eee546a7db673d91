// One person, however the gateway spells them (pure). Used wherever two user ids are compared as people:
// the self-approval rule (lib/approvals/decide-approval.ts). docs/approvals.md states the rule.
//
//   " Alice Smith <Alice.Smith+urgent@Example.COM.> \u200b"  →  "alice.smith@example.com"
//
// 1. Compatibility-normalise (NFKC: full-width and other compatibility forms become plain letters).
// 2. Remove every character a person cannot see: format characters (zero-width spaces and joiners, bidi
//    controls, Unicode tag characters, BOM), other default-ignorable code points, and control characters.
// 3. `Name <address>` and `mailto:address` → address.
// 4. Trim whitespace and trailing dots; lowercase.
// 5. For an email address: drop a `+tag` from the local part and trailing dots of the domain.
// It errs towards "the same person": alice+x@ and alice+y@ are one person, as mail delivers them to one box.

const INVISIBLE = /[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/gu;

/** The comparable form of a user id or email address. */
export function normalizeIdentity(raw: string): string {
  let s = raw.normalize("NFKC").replace(INVISIBLE, "");
  const angle = /<([^<>]*)>\s*$/.exec(s);
  if (angle) s = angle[1];
  s = s.trim().replace(/^mailto:/i, "").trim().toLowerCase().replace(/[.\s]+$/, "");
  const at = s.lastIndexOf("@");
  if (at <= 0) return s;
  const local = s.slice(0, at).split("+")[0].trim();
  const domain = s.slice(at + 1).trim().replace(/\.+$/, "");
  return `${local}@${domain}`;
}

/** True when the two ids name the same person after normalisation (empty ids never match). */
export function sameIdentity(a: string, b: string): boolean {
  const x = normalizeIdentity(a);
  return x.length > 0 && x === normalizeIdentity(b);
}
