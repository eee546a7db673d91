"use client";
import { Bar, CartesianGrid, Cell, ComposedChart, LabelList, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailySpendRow } from "@/lib/budgets/forecast";
import { toBudgetChartRows, type BudgetChartRow } from "@/lib/budgets/forecast-chart";
import { formatUsd } from "@/lib/budgets/usd";

// Days are the budgets' own calendar days (YYYY-MM-DD in WARDEN_TIMEZONE): the axis shows MM-DD, the tooltip the date.
const day = (d: string) => d.slice(5);

/** Real values in the tooltip, whatever is drawn capped. */
const REAL: Record<string, keyof BudgetChartRow> = { spendShown: "spendUsd", cumulativeShown: "cumulativeUsd", projectedShown: "projectedUsd" };

/**
 * Spend per day against the limit. A daily budget compares each day with its limit; a weekly or monthly
 * one adds the running total, which must stay under the limit line. The forecast is drawn dashed to the end
 * of the period. The y-axis is clipped above an outlier day (toBudgetChartRows): its bar stops at the top,
 * striped, labelled with its real value.
 */
export function DailySpendChart({ rows, limitUsd, forecastUsd, cumulative }: { rows: DailySpendRow[]; limitUsd: number; forecastUsd: number; cumulative: boolean }) {
  const chart = toBudgetChartRows({ rows, limitUsd, forecastUsd, cumulative });
  return (
    <div data-testid="daily-spend-chart" data-clipped={chart.clipped}>
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={chart.rows} margin={{ top: 18, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <pattern id="budget-clipped" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#6366f1" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="var(--color-white)" strokeWidth="3" />
            </pattern>
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="day" tickFormatter={day} minTickGap={20} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
          <YAxis domain={[0, chart.top]} allowDataOverflow tickFormatter={(v: number) => formatUsd(v)} width={72} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
          <Tooltip
            labelFormatter={(d) => `${String(d)} (a budget day)`}
            formatter={(v, name, item) => {
              const key = REAL[String(item.dataKey)];
              const real = key ? (item.payload as BudgetChartRow)[key] : v;
              return [formatUsd(Number(real), { precise: true }), name];
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="spendShown" name="Spend that day" fill="#6366f1" isAnimationActive={false}>
            {chart.rows.map((r) => (
              <Cell key={r.day} fill={r.spendClipped !== null ? "url(#budget-clipped)" : "#6366f1"} />
            ))}
            <LabelList
              dataKey="spendClipped"
              position="top"
              content={({ x, y, width, value }) =>
                value === null || value === undefined ? null : (
                  <text x={Number(x) + Number(width) / 2} y={Number(y) - 4} textAnchor="middle" fontSize={11} fill="var(--color-indigo-900)" data-testid="clipped-label">
                    ↑ {formatUsd(Number(value))}
                  </text>
                )
              }
            />
          </Bar>
          {cumulative && <Line dataKey="cumulativeShown" name="Spent so far" stroke="#0ea5e9" strokeWidth={2} dot={false} isAnimationActive={false} />}
          <Line
            dataKey="projectedShown"
            name="Forecast"
            stroke="#f59e0b"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={!cumulative}
            isAnimationActive={false}
            className="budget-forecast-line"
          />
          <ReferenceLine y={limitUsd} stroke="#dc2626" strokeDasharray="6 3" label={{ value: "limit", position: "insideTopRight", fill: "#dc2626", fontSize: 11 }} />
        </ComposedChart>
      </ResponsiveContainer>
      {chart.clipped && (
        <p className="mt-1 text-xs text-slate-500" data-testid="clipped-note">
          The axis stops at {formatUsd(chart.top)} so one unusual day does not flatten the others; striped bars go past it and are labelled with their real value.
        </p>
      )}
    </div>
  );
}
