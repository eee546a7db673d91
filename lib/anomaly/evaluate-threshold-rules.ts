import { globMatch } from "../approvals/glob-match";
import { aggregate, gatewayLabel, windowIndex, type DetectorContext } from "./detector-context";
import { MINUTE } from "./find-window-measures";
import { dedupeKeyOf, eventsLink, subjectFilter, type DetectorRule, type Finding } from "./finding";
import { fmtInt, fmtMinutes, fmtPct, fmtUsd } from "./format";

// Rules people configure (pure over the run's context): fixed thresholds and "any call / any flag"
// conditions. Patterns are the same globs as approval rules (`*`, `?`, `{a,b}`, case-insensitive).

const matches = (pattern: string, value: string) => pattern === "*" || globMatch(pattern, value);
const HOLD = 0.8;

function base(ctx: DetectorContext, rule: DetectorRule, subjectType: Finding["subjectType"], value: string, label: string) {
  return { rule, dedupeKey: dedupeKeyOf(rule.id, subjectType, value), subjectType, subjectValue: value, subjectLabel: label };
}

const labelOf = (ctx: DetectorContext, dimension: string, value: string) => (dimension === "gateway" ? gatewayLabel(ctx, value) : value);
const subjectText = (dimension: string, label: string) => (dimension === "all" ? "all traffic" : `${dimension} ${label}`);

export function evaluateErrorRateRule(ctx: DetectorContext, rule: DetectorRule<"error_rate">): Finding[] {
  const c = rule.config;
  const out: Finding[] = [];
  const threshold = c.thresholdPercent / 100;
  for (const [value, m] of aggregate(ctx, c.dimension, c.windowMinutes)) {
    const label = labelOf(ctx, c.dimension, value);
    if (c.dimension !== "all" && !matches(c.pattern, label) && !matches(c.pattern, value)) continue;
    const rate = m.calls ? m.errors / m.calls : 0;
    const key = dedupeKeyOf(rule.id, c.dimension, value);
    const firing = m.calls >= c.minCalls && rate > threshold;
    const holding = ctx.openKeys.has(key) && m.calls >= Math.ceil(c.minCalls / 2) && rate > HOLD * threshold;
    if (!firing && !holding) continue;
    out.push({
      ...base(ctx, rule, c.dimension, value, label),
      firing,
      title: `Error rate above ${c.thresholdPercent} % · ${subjectText(c.dimension, label)}`,
      explanation: `error rate ${fmtPct(rate)} over ${fmtMinutes(c.windowMinutes)} (${fmtInt(m.errors)} of ${fmtInt(m.calls)} calls) on ${subjectText(c.dimension, label)}; threshold ${c.thresholdPercent} % with at least ${fmtInt(c.minCalls)} calls`,
      value: rate,
      baseline: threshold,
      details: {
        metric: "error_rate",
        windowMinutes: c.windowMinutes,
        calls: m.calls,
        errors: m.errors,
        threshold,
        subjectLabel: label,
        link: eventsLink({ ...subjectFilter(c.dimension, value), status: "error" }, new Date(ctx.now.getTime() - c.windowMinutes * MINUTE), ctx.now),
      },
      chart: { dimension: c.dimension, value, metric: "error_rate", threshold },
    });
  }
  return out;
}

export function evaluateSpendRule(ctx: DetectorContext, rule: DetectorRule<"spend">): Finding[] {
  const c = rule.config;
  const spends = new Map<string, number>();
  if (c.dimension === "user") {
    const i = windowIndex(ctx, c.windowMinutes);
    for (const [u, a] of ctx.users) spends.set(u, a.windows[i].costUsd);
  } else {
    for (const [value, m] of aggregate(ctx, c.dimension, c.windowMinutes)) spends.set(value, m.costUsd);
  }
  const out: Finding[] = [];
  for (const [value, spent] of spends) {
    const label = labelOf(ctx, c.dimension, value);
    if (c.dimension !== "all" && !matches(c.pattern, label) && !matches(c.pattern, value)) continue;
    const key = dedupeKeyOf(rule.id, c.dimension, value);
    const firing = spent > c.thresholdUsd;
    const holding = ctx.openKeys.has(key) && spent > HOLD * c.thresholdUsd;
    if (!firing && !holding) continue;
    out.push({
      ...base(ctx, rule, c.dimension, value, label),
      firing,
      title: `Spend above ${fmtUsd(c.thresholdUsd)} in ${fmtMinutes(c.windowMinutes)} · ${subjectText(c.dimension, label)}`,
      explanation: `${fmtUsd(spent)} spent over ${fmtMinutes(c.windowMinutes)} on ${subjectText(c.dimension, label)}; threshold ${fmtUsd(c.thresholdUsd)}`,
      value: spent,
      baseline: c.thresholdUsd,
      details: {
        metric: "cost",
        windowMinutes: c.windowMinutes,
        threshold: c.thresholdUsd,
        subjectLabel: label,
        link: eventsLink(subjectFilter(c.dimension, value), new Date(ctx.now.getTime() - c.windowMinutes * MINUTE), ctx.now),
      },
      chart: { dimension: c.dimension, value, metric: "cost", threshold: c.thresholdUsd / c.windowMinutes },
    });
  }
  return out;
}

export function evaluateToolCallRule(ctx: DetectorContext, rule: DetectorRule<"tool_call">): Finding[] {
  const c = rule.config;
  const i = windowIndex(ctx, ctx.eventWindow);
  const byTool = new Map<string, { calls: number; servers: Set<string>; gateways: Set<string> }>();
  for (const combo of ctx.combos) {
    const calls = combo.windows[i].calls;
    if (!calls || !matches(c.toolPattern, combo.tool) || !matches(c.serverPattern, combo.server)) continue;
    let t = byTool.get(combo.tool);
    if (!t) byTool.set(combo.tool, (t = { calls: 0, servers: new Set(), gateways: new Set() }));
    t.calls += calls;
    t.servers.add(combo.server);
    t.gateways.add(gatewayLabel(ctx, combo.gatewayId));
  }
  const from = new Date(ctx.now.getTime() - ctx.eventWindow * MINUTE);
  return [...byTool].map(([tool, t]) => ({
    ...base(ctx, rule, "tool", tool, tool),
    firing: true,
    title: `Call to ${tool}`,
    explanation: `${fmtInt(t.calls)} call${t.calls === 1 ? "" : "s"} to ${tool} (server ${[...t.servers].join(", ")}; gateway ${[...t.gateways].join(", ")}) in the last ${fmtMinutes(ctx.eventWindow)}; matches ${c.toolPattern}`,
    value: t.calls,
    baseline: null,
    details: { metric: "calls", pattern: c.toolPattern, servers: [...t.servers], gateways: [...t.gateways], subjectLabel: tool, link: eventsLink({ tool }, from, ctx.now) },
    chart: { dimension: "tool", value: tool, metric: "calls" },
  }));
}

export function evaluateRiskFlagRule(ctx: DetectorContext, rule: DetectorRule<"risk_flag">): Finding[] {
  const c = rule.config;
  const out: Finding[] = [];
  const from = new Date(ctx.now.getTime() - ctx.eventWindow * MINUTE);
  for (const [tool, flags] of ctx.flags) {
    if (!matches(c.toolPattern, tool)) continue;
    const hit = [...flags].filter(([flag]) => flag.toLowerCase() === c.flag.toLowerCase());
    if (!hit.length) continue;
    const calls = hit.reduce((a, [, v]) => a + v.calls, 0);
    const gateways = [...new Set(hit.flatMap(([, v]) => [...v.gateways]))].map((g) => gatewayLabel(ctx, g));
    out.push({
      ...base(ctx, rule, "tool", tool, tool),
      firing: true,
      title: `Risk flag ${c.flag} · tool ${tool}`,
      explanation: `${fmtInt(calls)} call${calls === 1 ? "" : "s"} to ${tool} flagged ${c.flag} in the last ${fmtMinutes(ctx.eventWindow)} (gateway ${gateways.join(", ")})`,
      value: calls,
      baseline: null,
      details: { metric: "flagged", flag: c.flag, gateways, subjectLabel: tool, link: eventsLink({ tool, flag: c.flag }, from, ctx.now) },
      chart: { dimension: "tool", value: tool, metric: "flagged", flag: c.flag },
    });
  }
  return out;
}

export function evaluateGatewaySilentRule(ctx: DetectorContext, rule: DetectorRule<"gateway_silent">, activeInWindow: Set<string>): Finding[] {
  const c = rule.config;
  const out: Finding[] = [];
  for (const gatewayId of ctx.recentGateways) {
    const name = gatewayLabel(ctx, gatewayId);
    if (!matches(c.gatewayPattern, name)) continue;
    if (activeInWindow.has(gatewayId)) continue;
    out.push({
      ...base(ctx, rule, "gateway", gatewayId, name),
      firing: true,
      title: `Gateway ${name} is silent`,
      explanation: `no events from gateway ${name} for at least ${fmtMinutes(c.windowMinutes)}, though it sent events in the last 24 h`,
      value: 0,
      baseline: null,
      details: {
        metric: "calls",
        windowMinutes: c.windowMinutes,
        subjectLabel: name,
        link: eventsLink({ gateway: gatewayId }, new Date(ctx.now.getTime() - 60 * MINUTE - c.windowMinutes * MINUTE), ctx.now),
      },
      chart: { dimension: "gateway", value: gatewayId, metric: "calls" },
    });
  }
  return out;
}
