"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailySpendRow } from "@/lib/budgets/forecast";
import { formatUsd } from "@/lib/budgets/usd";

const day = (d: string) => new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));

/**
 * Spend per day against the limit. A daily budget compares each day with its limit; a weekly or monthly
 * one adds the running total, which must stay under the limit line.
 */
export function DailySpendChart({ rows, limitUsd, cumulative }: { rows: DailySpendRow[]; limitUsd: number; cumulative: boolean }) {
  const top = Math.max(limitUsd, ...rows.map((r) => (cumulative ? r.cumulativeUsd : r.spendUsd) ?? 0)) * 1.1;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={day} minTickGap={20} tick={{ fontSize: 11, fill: "#64748b" }} />
        <YAxis domain={[0, top || 1]} tickFormatter={(v: number) => formatUsd(v)} width={72} tick={{ fontSize: 11, fill: "#64748b" }} />
        <Tooltip labelFormatter={(d) => day(String(d))} formatter={(v, name) => [formatUsd(Number(v), { precise: true }), name]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="spendUsd" name="Spend that day" fill="#6366f1" isAnimationActive={false} />
        {cumulative && <Line dataKey="cumulativeUsd" name="Spent so far" stroke="#0ea5e9" strokeWidth={2} dot={false} isAnimationActive={false} />}
        <ReferenceLine y={limitUsd} stroke="#dc2626" strokeDasharray="6 3" label={{ value: "limit", position: "insideTopRight", fill: "#dc2626", fontSize: 11 }} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
