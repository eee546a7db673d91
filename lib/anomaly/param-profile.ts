// Parameter shapes per tool (pure): which top-level key sets a tool is called with, and how large its
// params (and each key's value) get. A call with a key never seen, or params far larger than ever seen,
// is what an injected instruction or an exfiltration attempt tends to look like.

export interface ParamProfile {
  keySets: string[];
  maxBytes: number;
  keyMaxBytes: Record<string, number>;
  samples: number;
}

export const MAX_KEY_SETS = 100;
const MIN_INTERESTING_BYTES = 256;

export interface ParamShape {
  keys: string[];
  keySet: string;
  bytes: number;
  keyBytes: Record<string, number>;
}

export function shapeOf(params: unknown): ParamShape {
  const obj = params !== null && typeof params === "object" && !Array.isArray(params) ? (params as Record<string, unknown>) : null;
  const keys = obj ? Object.keys(obj).sort() : [];
  const keyBytes: Record<string, number> = {};
  if (obj) for (const k of keys) keyBytes[k] = JSON.stringify(obj[k] ?? null).length;
  return { keys, keySet: keys.join(","), bytes: JSON.stringify(params ?? null).length, keyBytes };
}

export interface ParamNovelty {
  newKeys: string[];
  newKeySet: boolean;
  /** Size relative to the largest seen (only when above the rule's factor). */
  sizeRatio: number | null;
  /** Keys whose value is far larger than ever seen. */
  largeKeys: string[];
}

/** What is new about one call's params (null: nothing, or still learning). */
export function judgeParams(profile: ParamProfile, shape: ParamShape, opts: { sizeFactor: number; minSamples: number }): ParamNovelty | null {
  if (profile.samples < opts.minSamples) return null;
  const knownKeys = new Set(profile.keySets.flatMap((s) => (s ? s.split(",") : [])));
  const newKeys = shape.keys.filter((k) => !knownKeys.has(k));
  const saturated = profile.keySets.length >= MAX_KEY_SETS;
  const newKeySet = !saturated && !profile.keySets.includes(shape.keySet);
  const big = (bytes: number, max: number) => bytes >= MIN_INTERESTING_BYTES && bytes > opts.sizeFactor * Math.max(max, 1);
  const sizeRatio = big(shape.bytes, profile.maxBytes) ? shape.bytes / Math.max(profile.maxBytes, 1) : null;
  const largeKeys = shape.keys.filter((k) => profile.keyMaxBytes[k] !== undefined && big(shape.keyBytes[k], profile.keyMaxBytes[k]));
  if (!newKeys.length && !newKeySet && sizeRatio === null && !largeKeys.length) return null;
  // A known key set in a new combination is only news when it brings a new key too.
  if (!newKeys.length && sizeRatio === null && !largeKeys.length) return null;
  return { newKeys, newKeySet, sizeRatio, largeKeys };
}

/** The profile after learning one call. */
export function learnParams(profile: ParamProfile, shape: ParamShape): ParamProfile {
  const keySets = profile.keySets.includes(shape.keySet) || profile.keySets.length >= MAX_KEY_SETS ? profile.keySets : [...profile.keySets, shape.keySet];
  const keyMaxBytes = { ...profile.keyMaxBytes };
  for (const [k, b] of Object.entries(shape.keyBytes)) keyMaxBytes[k] = Math.max(keyMaxBytes[k] ?? 0, b);
  return { keySets, maxBytes: Math.max(profile.maxBytes, shape.bytes), keyMaxBytes, samples: profile.samples + 1 };
}
