// A one-pass keyword gate for rule sets (pure). Running every rule's regular expression over every text
// costs a full scan per rule; instead each rule names literal keywords of which at least one must occur in
// any text it can match, one combined pattern finds which keywords occur, and only the rules with a
// keyword present run. Keywords are plain literals (escaped here), matched case-insensitively when asked.

export interface GatedRule {
  keywords: readonly string[];
}

export function createKeywordGate<R extends GatedRule>(rules: readonly R[], opts: { ignoreCase: boolean }): (text: string) => R[] {
  const byKeyword = new Map<string, number[]>();
  rules.forEach((rule, i) => {
    for (const k of rule.keywords) {
      const key = opts.ignoreCase ? k.toLowerCase() : k;
      const list = byKeyword.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      byKeyword.set(key, list);
    }
  });
  // Longest first, so a keyword that contains another one still gates its own rules.
  const keys = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const gate = new RegExp(keys.map(escape).join("|"), opts.ignoreCase ? "gi" : "g");
  // A shorter keyword inside a longer one at the same position also gates (e.g. "key" inside "api_key").
  const inside = new Map<string, number[]>();
  for (const k of keys) {
    const ids = new Set(byKeyword.get(k));
    for (const other of keys) if (other !== k && other.length < k.length && k.includes(other)) for (const i of byKeyword.get(other)!) ids.add(i);
    inside.set(k, [...ids]);
  }
  return (text: string) => {
    const on = new Uint8Array(rules.length);
    let count = 0;
    gate.lastIndex = 0;
    for (let m = gate.exec(text); m; m = gate.exec(text)) {
      const ids = inside.get(opts.ignoreCase ? m[0].toLowerCase() : m[0]);
      if (ids) for (const i of ids) if (!on[i]) { on[i] = 1; count++; }
      if (count === rules.length) break;
      gate.lastIndex = m.index + 1; // overlapping keywords at the next position still count
    }
    return rules.filter((_, i) => on[i]);
  };
}
