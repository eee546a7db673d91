// Number formatting for alert explanations (pure, locale-independent so texts are stable in tests).

export function fmtInt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function fmtNum(n: number): string {
  if (Math.abs(n) >= 100) return fmtInt(n);
  if (Math.abs(n) >= 10) return n.toFixed(0);
  return n.toFixed(1).replace(/\.0$/, "");
}

export function fmtPct(rate: number): string {
  const p = rate * 100;
  if (p !== 0 && Math.abs(p) < 1) return `${p.toFixed(1)} %`;
  return `${Math.round(p)} %`;
}

export function fmtUsd(n: number): string {
  if (Math.abs(n) >= 1000) return `$${fmtInt(n)}`;
  if (Math.abs(n) >= 0.01 || n === 0) return `$${n.toFixed(2)}`;
  return `$${n.toPrecision(2)}`;
}

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${fmtInt(ms)} ms`;
}

export function fmtMinutes(min: number): string {
  return min === 1 ? "1 min" : `${fmtNum(min)} min`;
}
