// Robust statistics for the detectors (pure). Medians and MADs rather than means and standard
// deviations, so one past incident in the history does not widen the band for weeks.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median absolute deviation, scaled (×1.4826) to estimate a standard deviation for normal data. */
export function scaledMad(values: readonly number[], center = median(values)): number {
  if (values.length === 0) return NaN;
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/**
 * Mean after dropping the lowest and highest fifth (at least one each side from 5 values on). Robust to
 * an outlier like the median, but unlike the median it does not read 0 for a sparse count series
 * (a tool called twice an hour has many empty minutes and hours).
 */
export function trimmedMean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const cut = s.length >= 5 ? Math.max(1, Math.floor(s.length / 5)) : 0;
  const kept = s.slice(cut, s.length - cut);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

export interface RobustBaseline {
  /** Typical value (trimmed mean). */
  center: number;
  /** Robust spread (scaled MAD around the median). */
  spread: number;
  samples: number;
}

export function robustBaseline(values: readonly number[]): RobustBaseline {
  return { center: trimmedMean(values), spread: scaledMad(values), samples: values.length };
}

/** Deterministic PRNG (mulberry32) for tests and the evaluation's synthetic traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson sample (Knuth for small means, normal approximation above 50). */
export function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > limit);
  return k - 1;
}

export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** ln Γ(x) (Lanczos, g = 7). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(X ≥ k) for X ~ Poisson(mean). */
export function logPoissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return -Infinity;
  const kk = Math.ceil(k);
  return logTailSum(kk * Math.log(mean) - mean - logGamma(kk + 1), kk, kk + 4999, (j) => Math.log(mean / (j + 1)));
}

/**
 * ln Σ of a distribution's terms from k on: the log of term k, and the log of the ratio of term j + 1
 * to term j, summed in log space up to `end` (exclusive) or until the terms no longer matter (e^-40 of
 * the sum); never above 0 (a probability).
 */
function logTailSum(logFirst: number, k: number, end: number, logRatio: (j: number) => number): number {
  let logTerm = logFirst;
  let logSum = logTerm;
  for (let j = k; j < end; j++) {
    logTerm += logRatio(j);
    if (logTerm < logSum - 40) break;
    logSum = logSum + Math.log1p(Math.exp(logTerm - logSum));
  }
  return Math.min(0, logSum);
}

/**
 * The z of an excess: its normal z, or — once that is 2 or more (below it nothing alerts or holds) —
 * the z of the exact tail when that is smaller (small counts have heavier tails than the normal).
 */
function excessZ(count: number, mean: number, normal: number, logTail: () => number): number {
  if (count <= mean || normal < 2) return normal;
  return Math.min(normal, zFromLogTail(logTail()));
}

/** The z-score whose upper normal tail has probability e^logP (exact enough for alerting). */
export function zFromLogTail(logP: number): number {
  if (logP >= 0) return -Infinity;
  const p = Math.exp(logP);
  if (p > 1e-10) return -inverseNormalCdf(p);
  const t = -2 * logP;
  return Math.sqrt(t - Math.log(t) - Math.log(2 * Math.PI));
}

/** Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * ln P(X ≥ k) for X negative binomial with the given mean and variance (> mean): the count of a
 * Poisson number of bursts with (logarithmic) burst sizes — or a Poisson count whose rate itself varies
 * (gamma) — the usual model of overdispersed counts. Its tail is heavier than a scaled Poisson's.
 */
export function logNegBinomialUpperTail(k: number, mean: number, variance: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return -Infinity;
  if (variance <= mean * (1 + 1e-9)) return logPoissonUpperTail(k, mean);
  const q = 1 - mean / variance; // failure probability per trial (1 − p), p = mean / variance
  const r = (mean * mean) / (variance - mean);
  const kk = Math.ceil(k);
  const logFirst = logGamma(kk + r) - logGamma(r) - logGamma(kk + 1) + r * Math.log(1 - q) + kk * Math.log(q);
  return logTailSum(logFirst, kk, kk + 20000, (j) => Math.log(((j + r) / (j + 1)) * q));
}

/**
 * z-score of observing `count` or more when `mean` are expected with `variance` (≥ mean: bursts, and the
 * uncertainty of the expectation): the negative-binomial tail, never above the normal z.
 */
export function overdispersedExcessZ(count: number, mean: number, variance: number): number {
  const v = Math.max(variance, mean, 1e-9);
  return excessZ(count, mean, (count - mean) / Math.sqrt(v), () => logNegBinomialUpperTail(count, Math.max(mean, 1e-9), v));
}

/** ln P(X ≥ k) for X binomial(n, p): k of n calls failing (or slow) when each does with probability p. */
export function logBinomialUpperTail(k: number, n: number, p: number): number {
  const kk = Math.ceil(k);
  const nn = Math.round(n);
  if (kk <= 0) return 0;
  if (kk > nn || p <= 0) return -Infinity;
  if (p >= 1) return 0;
  const logFirst = logGamma(nn + 1) - logGamma(kk + 1) - logGamma(nn - kk + 1) + kk * Math.log(p) + (nn - kk) * Math.log1p(-p);
  return logTailSum(logFirst, kk, nn, (j) => Math.log(((nn - j) / (j + 1)) * (p / (1 - p))));
}

/**
 * z-score of `count` or more of `n` when each is expected with probability `p`: the exact binomial tail
 * (near "all of them" it is far lighter than a Poisson's) — never above the normal z with the extra
 * variance `extraVar` (how much the usual share itself varies).
 */
export function binomialExcessZ(count: number, n: number, p: number, extraVar = 0): number {
  const mean = n * p;
  return excessZ(count, mean, (count - mean) / Math.sqrt(Math.max(mean * (1 - p) + extraVar, 1e-9)), () => logBinomialUpperTail(count, n, p));
}

/**
 * One group's part of a pooled dispersion (variance ÷ mean) of values that should agree (the same
 * hour-slot in different weeks): [Σ squared deviations, degrees of freedom × mean]; the pooled
 * dispersion is Σ of the first over Σ of the second. Null below two values or without a positive mean.
 */
export function dispersionPart(xs: readonly number[]): [number, number] | null {
  if (xs.length < 2) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (!(mean > 0)) return null;
  return [xs.reduce((a, x) => a + (x - mean) ** 2, 0), (xs.length - 1) * mean];
}
