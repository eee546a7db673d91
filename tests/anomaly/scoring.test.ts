import { describe, expect, it } from "vitest";
import {
  assessCalls,
  assessCost,
  assessErrorRate,
  assessLatency,
  assessWindows,
  DEFAULT_THRESHOLDS,
  METRICS,
  type WindowMeasures,
} from "../../lib/anomaly/assess-series";
import { assessUserCalls } from "../../lib/anomaly/assess-user";
import { seriesKey } from "../../lib/anomaly/dimensions";
import { emptyMeasures, type Measures } from "../../lib/anomaly/measures";
import { costDispersionAt, dispersionAt, pooledDispersion, rateAt, seasonalBaseline, type HourSample, type SeriesBaseline } from "../../lib/anomaly/seasonal-baseline";
import { dispersionsOf, dispersionStateFrom, emptyDispersionState, foldDispersionSlots, storedDispersionState } from "../../lib/anomaly/series-dispersion";
import { logNegBinomialUpperTail, logPoissonUpperTail, median, poisson, scaledMad, seededRandom, trimmedMean } from "../../lib/anomaly/stats";
import { daily, DAY, firingMinutes, generate, scoreAt, T0, WEEK, weekday, type Shape } from "./series-sim";

const MINUTES_PER_WEEK = WEEK / 60_000;
const FIVE_WEEKS = 5 * MINUTES_PER_WEEK;
const LAST_WEEK = 4 * MINUTES_PER_WEEK;

describe("robust statistics", () => {
  it("median, scaled MAD and trimmed mean ignore one outlier", () => {
    const xs = [10, 11, 9, 10, 12, 10, 500];
    expect(median(xs)).toBe(10);
    expect(scaledMad(xs)).toBeCloseTo(1.4826, 4);
    expect(trimmedMean(xs)).toBeCloseTo(10.6, 5);
    expect(trimmedMean([0, 0, 0, 1, 0, 2, 0, 0, 1, 0])).toBeGreaterThan(0);
  });

  it("a baseline of thin hours has no error rate rather than a made-up one", () => {
    const thin = [1, 2, 0].map((calls) => ({ ...emptyMeasures(), calls }));
    expect(seasonalBaseline(thin)?.errorRate).toBeNull();
    expect(seasonalBaseline([])).toBeNull();
  });
});

describe("scoring hand-made series", () => {
  it("a flat series never fires, on any metric, over a whole week", () => {
    const series = generate({ rate: () => 20 }, FIVE_WEEKS, 11);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
  });

  it("a daily and weekly rhythm is expected, not alarming — while a baseline blind to the hour would alarm", () => {
    const shape: Shape = { rate: (t) => 30 * daily(t, 0.8) * weekday(t) };
    const series = generate(shape, FIVE_WEEKS, 12);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);

    // The same peak hour judged against the week's average hour looks like a surge.
    const peak = LAST_WEEK + 2 * 24 * 60 + 12 * 60; // Wednesday noon
    const hours = Array.from({ length: 24 * 7 }, (_, h) => {
      const m = emptyMeasures();
      for (let i = 0; i < 60; i++) m.calls += series[3 * MINUTES_PER_WEEK + h * 60 + i].calls;
      return m;
    });
    const blind = seasonalBaseline(hours)!;
    const window = { ...emptyMeasures(), calls: series.slice(peak - 15, peak).reduce((a, m) => a + m.calls, 0), windowMinutes: 15, effectiveMinutes: 15 };
    const blindly = assessCalls(window, blind, DEFAULT_THRESHOLDS);
    expect(blindly.observed / blindly.expected).toBeGreaterThan(DEFAULT_THRESHOLDS.ratio);
    const seasonal = scoreAt(series, peak, "calls")!;
    expect(seasonal.observed / seasonal.expected).toBeLessThan(1.3);
  });

  it("a spike fires within 3 minutes, explains itself with numbers, and stops once its windows have passed", () => {
    const start = LAST_WEEK + 3 * 24 * 60 + 14 * 60; // Thursday 14:00
    const spike = (t: number) => {
      const i = (t - Date.UTC(2031, 0, 6)) / 60_000;
      return i >= start && i < start + 20;
    };
    const series = generate({ rate: (t) => 20 * daily(t, 0.5) * (spike(t) ? 4 : 1), errorRate: (t) => (spike(t) ? 0.3 : 0.02) }, FIVE_WEEKS, 13);
    for (const metric of ["calls", "error_rate"] as const) {
      const fired = firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS);
      expect(fired.length, metric).toBeGreaterThan(0);
      expect(fired[0] - start, metric).toBeGreaterThanOrEqual(1);
      expect(fired[0] - start, metric).toBeLessThanOrEqual(3);
      expect(fired.every((i) => i > start && i <= start + 20 + 60), metric).toBe(true);
      const after = scoreAt(series, start + 20 + 61, metric)!;
      expect(after.firing || after.holding, metric).toBe(false);
    }
    const during = scoreAt(series, start + 10, "error_rate")!;
    expect(during.explanation).toMatch(/^error rate \d+ % over (3|15) min \([\d,]+ of [\d,]+ calls\) vs usual \d(\.\d)? % ± \d(\.\d)? % for this hour$/);
  });

  it("a slow drift (+1 % a day for five weeks) is followed, not alarmed on", () => {
    const series = generate({ rate: (t) => 20 * daily(t, 0.5) * 1.01 ** ((t - Date.UTC(2031, 0, 6)) / DAY) }, FIVE_WEEKS, 14);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
  });

  it("a sparse, low-volume series does not page for 2 errors out of 3 calls or a handful of calls", () => {
    const series = generate({ rate: () => 0.05, errorRate: () => 0.02 }, FIVE_WEEKS, 15);
    for (const metric of METRICS) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
    const i = LAST_WEEK + 3000;
    const burst = [...series];
    burst[i - 1] = { ...emptyMeasures(), calls: 3, errors: 2 };
    burst[i - 2] = { ...emptyMeasures(), calls: 5, errors: 0 };
    expect(scoreAt(burst, i, "error_rate")?.firing ?? false).toBe(false);
    expect(scoreAt(burst, i, "calls")?.firing ?? false).toBe(false);
  });

  it("the error-rate test needs both significance and size", () => {
    const b = { errorRate: 0.02, errorRateSpread: 0.005 };
    const w = (calls: number, errors: number) => ({ ...emptyMeasures(), calls, errors, windowMinutes: 15, effectiveMinutes: 15 });
    expect(assessErrorRate(w(3, 2), b, DEFAULT_THRESHOLDS)!.firing).toBe(false); // too few calls
    expect(assessErrorRate(w(20000, 700), b, DEFAULT_THRESHOLDS)!.firing).toBe(false); // 3.5 %: sure, but small
    expect(assessErrorRate(w(500, 60), b, DEFAULT_THRESHOLDS)!.firing).toBe(true); // 12 %
  });
});

// ───────────── bursty agent traffic, windows across the hour, tails ─────────────

/** A baseline by hand: calls per minute, hourly dispersion, and what else the test needs. */
function baseline(over: Partial<SeriesBaseline> = {}): SeriesBaseline {
  return {
    samples: 12,
    weeks: 4,
    hours: 28,
    callsPerMin: 10,
    callsPerMinAround: [null, null],
    callsRelSpread: 0.1,
    callsDispersion: 1,
    costPerMin: 0,
    costPerMinAround: [null, null],
    costRelSpread: 0.1,
    costDispersion: 0,
    costPerCall: 0,
    errorRate: 0.02,
    errorRateSpread: 0.005,
    p95Ms: 500,
    p95SpreadMs: 20,
    slowShare: 0.05,
    slowShareSpread: 0.01,
    ...over,
  };
}

const win = (m: Partial<Measures>, minutes: number, offsetMinutes = 0): WindowMeasures => ({ ...emptyMeasures(), ...m, windowMinutes: minutes, effectiveMinutes: minutes, offsetMinutes });

describe("overdispersed counts", () => {
  it("the negative-binomial tail is a distribution with the given mean, Poisson when not overdispersed, and heavier than a scaled Poisson", () => {
    let mass = 0;
    let mean = 0;
    for (let k = 0; k < 400; k++) {
      const p = Math.exp(logNegBinomialUpperTail(k, 6, 30)) - Math.exp(logNegBinomialUpperTail(k + 1, 6, 30));
      mass += p;
      mean += k * p;
    }
    expect(mass).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(6, 6);
    expect(logNegBinomialUpperTail(15, 6, 6)).toBeCloseTo(logPoissonUpperTail(15, 6), 9);
    // 30 calls where 6 are usual and the variance is 5× the mean: the quasi-Poisson "6 clusters of 5"
    // says p ≈ 0.0015; bursts of varying size make it more than twice as likely.
    const qp = logPoissonUpperTail(30 / 5, 6 / 5);
    expect(logNegBinomialUpperTail(30, 6, 30)).toBeGreaterThan(qp + Math.log(2));
  });

  it("the hourly dispersion is the series' own: ~1 for independent calls, far above for sessions, and an incident's hour is left out", () => {
    const rand = seededRandom(3);
    const grid = (value: (offset: number, week: number) => number): HourSample[] =>
      [-3, -2, -1, 0, 1, 2, 3].flatMap((offset) => [1, 2, 3, 4].map((week) => ({ ...emptyMeasures(), calls: value(offset, week), offset, week })));
    const independent = grid((o) => poisson(rand, 300 + 40 * o));
    expect(pooledDispersion(independent, (m) => m.calls)).toBeGreaterThan(0.4);
    expect(pooledDispersion(independent, (m) => m.calls)).toBeLessThan(2);
    const sessions = grid((o) => 20 * poisson(rand, 15 + 2 * o)); // bursts of 20 calls
    expect(pooledDispersion(sessions, (m) => m.calls)).toBeGreaterThan(10);
    const incident = grid((o, w) => (o === 2 && w === 1 ? 3000 : poisson(rand, 300)));
    expect(pooledDispersion(incident, (m) => m.calls)).toBeLessThan(2);
  });

  it("shorter windows cut sessions into pieces: less dispersed than an hour, never below Poisson; spend keeps the spread of its prices", () => {
    expect(dispersionAt(21, 60)).toBeCloseTo(21, 9);
    expect(dispersionAt(21, 15)).toBeLessThan(15);
    expect(dispersionAt(21, 3)).toBeLessThan(5);
    expect(dispersionAt(21, 3)).toBeGreaterThan(dispersionAt(21, 1));
    expect(dispersionAt(1, 3)).toBe(1);
    // A team whose calls cost $0.003 on average but a tenth of them $0.03: its hourly spend varies with
    // the number of calls (part that shrinks in short windows) and with which calls they were (does not).
    const b = { callsDispersion: 15, costPerCall: 0.003, costDispersion: 0.1 };
    expect(costDispersionAt(b, 60)).toBeCloseTo(0.1, 9);
    expect(costDispersionAt(b, 3)).toBeGreaterThan(0.06);
    expect(costDispersionAt({ ...b, costDispersion: 0.001 }, 3)).toBe(0.006);
  });
});

describe("bursty agent traffic", () => {
  const team: Shape = { rate: (t) => 12 * daily(t, 0.9) * weekday(t), sessions: { minutes: 12, perMinute: 1.5 } };

  it("a team's agents working in sessions are usual, all week — a baseline that took them for independent calls pages all the time", () => {
    const series = generate(team, FIVE_WEEKS, 21);
    for (const metric of ["calls", "cost"] as const) expect(firingMinutes(series, metric, LAST_WEEK, FIVE_WEEKS), metric).toEqual([]);
    let naive = 0;
    for (let i = LAST_WEEK; i < FIVE_WEEKS; i += 3) {
      const a = scoreAt(series, i, "calls")!;
      const w = win({ calls: a.observed }, a.windowMinutes);
      if (assessCalls(w, { ...baseline({ callsPerMin: a.expected / a.windowMinutes }), callsDispersion: 1 }, DEFAULT_THRESHOLDS).firing) naive++;
    }
    expect(naive).toBeGreaterThan(20);
  });

  it("a sustained surge on top of the sessions (4× for 20 minutes) fires within 3 minutes", () => {
    const start = LAST_WEEK + 3 * 24 * 60 + 14 * 60; // Thursday 14:00
    const base = generate(team, FIVE_WEEKS, 22);
    const during = (t: number) => (t - T0) / 60_000 >= start && (t - T0) / 60_000 < start + 20;
    const extra = generate({ rate: (t) => (during(t) ? 3 * team.rate(t) : 0) }, FIVE_WEEKS, 23);
    const series = base.map((m, i) => ({ ...m, calls: m.calls + extra[i].calls }));
    const fired = firingMinutes(series, "calls", LAST_WEEK, FIVE_WEEKS);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0] - start).toBeGreaterThanOrEqual(1);
    expect(fired[0] - start).toBeLessThanOrEqual(3);
    expect(fired.every((i) => i > start && i <= start + 20 + 60)).toBe(true);
  });

  it("one or two busy agent sessions in a quiet hour do not page the team; a burst of many does", () => {
    // Night: a tenth of a session expected in 15 minutes, sessions of ~20 calls.
    const night = baseline({ callsPerMin: 0.15, callsDispersion: 20 });
    expect(assessCalls(win({ calls: 40 }, 15), night, DEFAULT_THRESHOLDS).firing).toBe(false);
    expect(assessCalls(win({ calls: 60 }, 15), night, DEFAULT_THRESHOLDS).firing).toBe(false);
    expect(assessCalls(win({ calls: 400 }, 15), night, DEFAULT_THRESHOLDS).firing).toBe(true);
  });
});

describe("windows across the hour", () => {
  it("a trailing hour is judged against the hours it covers: at 18:00 that is 17:00–18:00", () => {
    // An evening decline: 20 calls a minute at 17:00–18:00, 10 at 18:00–19:00, 5 at 19:00–20:00.
    const b = baseline({ callsPerMin: 10, callsPerMinAround: [20, 5], callsDispersion: 2 });
    expect(rateAt(10, [20, 5], -60)).toBe(20);
    expect(rateAt(10, [20, 5], 0)).toBe(10);
    expect(rateAt(10, [20, 5], 15)).toBeCloseTo(8.75, 9);
    const lastHour = win({ calls: 1200 }, 60, -60); // 18:00: the window is 17:00–18:00
    expect(assessCalls(lastHour, b, DEFAULT_THRESHOLDS).expected).toBeCloseTo(1200, 6);
    expect(assessCalls(lastHour, b, DEFAULT_THRESHOLDS).firing).toBe(false);
    expect(assessCalls(win({ calls: 1200 }, 60, 0), b, DEFAULT_THRESHOLDS).firing).toBe(true); // 18:30: twice 18:00–19:00
  });

  it("a long window only fires while the change goes on: an hour holding a burst that ended is not news", () => {
    const b = baseline({ callsPerMin: 10, callsDispersion: 2 });
    const hour = win({ calls: 1500 }, 60);
    const recentNormal = [win({ calls: 30 }, 3), win({ calls: 150 }, 15), hour];
    const recentHigh = [win({ calls: 60 }, 3), win({ calls: 330 }, 15), hour];
    expect(assessCalls(hour, b, DEFAULT_THRESHOLDS).firing).toBe(true);
    expect(assessWindows("calls", recentNormal, b, DEFAULT_THRESHOLDS)!.firing).toBe(false);
    expect(assessWindows("calls", recentNormal, b, DEFAULT_THRESHOLDS)!.holding).toBe(false);
    const still = assessWindows("calls", recentHigh, b, DEFAULT_THRESHOLDS)!;
    expect(still.firing).toBe(true);
  });
});

describe("the series' dispersion, folded hour by hour", () => {
  const HOUR = 3_600_000;
  const hoursAround = (hourMs: number) => [1, 2, 3, 4].flatMap((k) => [-3, -2, -1, 0, 1, 2, 3].map((j) => hourMs - k * WEEK + j * HOUR));
  const bursty = (h: number) => ({ ...emptyMeasures(), calls: 20 * poisson(seededRandom(h / HOUR), 10) });

  it("adds each hour-slot once, forgets slowly, survives storage, and caps a past incident's slot", () => {
    const key = seriesKey("tool", "t");
    const known = new Map([[key, T0]]);
    let state = emptyDispersionState();
    let incident = emptyDispersionState();
    const start = T0 + 5 * WEEK;
    for (let h = start; h < start + 48 * HOUR; h += HOUR) {
      const hours = hoursAround(h);
      const samples = new Map([[key, new Map(hours.map((x) => [x, bursty(x)]))]]);
      const withIncident = new Map([[key, new Map(hours.map((x) => [x, x === start + 40 * HOUR - WEEK ? { ...emptyMeasures(), calls: 50_000 } : bursty(x)]))]]);
      state = foldDispersionSlots(state, { hourMs: h, hours, samples, known });
      incident = foldDispersionSlots(incident, { hourMs: h, hours, samples: withIncident, known });
      expect(foldDispersionSlots(state, { hourMs: h, hours, samples, known })).toBe(state); // nothing new
    }
    const d = dispersionsOf(state).get(key)!;
    expect(d.slots).toBeGreaterThan(30);
    expect(d.slots).toBeLessThan(54); // 54 slots, the older ones weigh less
    expect(d.calls!).toBeGreaterThan(10);
    expect(d.calls!).toBeLessThan(40);
    expect(dispersionsOf(incident).get(key)!.calls!).toBeLessThan(3 * d.calls!);
    const stored = JSON.parse(JSON.stringify(storedDispersionState(state)));
    expect(JSON.stringify(stored)).not.toContain("\\u0000");
    expect(dispersionsOf(dispersionStateFrom(stored)).get(key)!.calls).toBeCloseTo(d.calls!, 4);
  });
});

describe("minimum volumes", () => {
  it("latency: a handful of calls all far slower than usual is enough; a few slow calls among many is not", () => {
    const b = baseline({ p95Ms: 500 });
    const lat = (fast: number, slow: number) => {
      const l = new Array(12).fill(0);
      l[4] = fast; // 100–250 ms
      l[8] = slow; // 2.5–5 s
      return l;
    };
    expect(assessLatency(win({ lat: lat(0, 7) }, 3), b, DEFAULT_THRESHOLDS)!.firing).toBe(true);
    expect(assessLatency(win({ lat: lat(0, 4) }, 3), b, DEFAULT_THRESHOLDS)!.firing).toBe(false);
    expect(assessLatency(win({ lat: lat(200, 12) }, 15), b, DEFAULT_THRESHOLDS)!.firing).toBe(false);
  });

  it("spend: the excess must be worth an alert and more than a few bursts of the series' usual spend", () => {
    const b = baseline({ callsPerMin: 2, costPerMin: 0.01, costPerCall: 0.005, costDispersion: 0.2, callsDispersion: 10 });
    expect(assessCost(win({ costUsd: 0.9 }, 3), b, DEFAULT_THRESHOLDS).firing).toBe(false); // < $1
    expect(assessCost(win({ costUsd: 6 }, 3), b, DEFAULT_THRESHOLDS).firing).toBe(true);
  });

  it("users: twice their busiest usual window and 30 calls", () => {
    const usual = { expected: 11, sd: Math.sqrt(11), days: 10 };
    expect(assessUserCalls(30, usual, DEFAULT_THRESHOLDS, 3).firing).toBe(true);
    expect(assessUserCalls(21, usual, DEFAULT_THRESHOLDS, 3).firing).toBe(false);
    expect(assessUserCalls(29, { ...usual, expected: 5, sd: 2.2 }, DEFAULT_THRESHOLDS, 3).firing).toBe(false);
  });
});
