"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useMediaQuery } from "@/components/layout/use-media-query";
import { ActiveBucket, chartTitle, useBucketKeys } from "./chart-keyboard";

export interface TopBarRow {
  /** Stable id of the row (what a click filters by). */
  id: string;
  /** Axis label (React text; truncated on the axis, whole in the tooltip). */
  label: string;
  value: number;
  /** Extra tooltip line. */
  detail?: string;
}

const truncate = (s: string, n = 22) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, largest first. A click on a bar reports its row. */
export function TopBarsChart(props: { rows: readonly TopBarRow[]; color: string; valueLabel: string; format: (v: number) => string; onBarClick?: (row: TopBarRow) => void; title?: string }) {
  const height = Math.max(160, props.rows.length * 26 + 30);
  const keys = useBucketKeys(
    props.onBarClick &&
      ((id) => {
        const row = props.rows.find((r) => r.id === id);
        if (row) props.onBarClick?.(row);
      }),
  );
  // Narrow screens: a shorter label column, so the bars keep most of the width.
  const narrow = useMediaQuery("(max-width: 480px)");
  return (
    <div onKeyDown={keys.onKeyDown}>
    <ResponsiveContainer width="100%" height={height}>
      <BarChart title={chartTitle(props.title, !!props.onBarClick)} data={props.rows as TopBarRow[]} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--color-slate-200)" />
        <XAxis type="number" tickFormatter={(v: number) => props.format(v)} tick={{ fontSize: 11, fill: "var(--color-slate-500)" }} />
        <YAxis type="category" dataKey="id" width={narrow ? 96 : 150} tickFormatter={(id: string) => truncate(props.rows.find((r) => r.id === id)?.label ?? id, narrow ? 14 : 22)} tick={{ fontSize: 11, fill: "var(--color-slate-700)" }} interval={0} />
        <Tooltip
          labelFormatter={(id) => {
            const row = props.rows.find((r) => r.id === id);
            return row ? (row.detail ? `${row.label} · ${row.detail}` : row.label) : String(id);
          }}
          formatter={(v) => [props.format(Number(v)), props.valueLabel]}
          cursor={{ fill: "rgba(99,102,241,0.08)" }}
        />
        <Bar
          dataKey="value"
          name={props.valueLabel}
          fill={props.color}
          isAnimationActive={false}
          cursor={props.onBarClick ? "pointer" : undefined}
          onClick={(d) => {
            const row = (d as { payload?: TopBarRow }).payload;
            if (row) props.onBarClick?.(row);
          }}
        />
        <ActiveBucket target={keys.active} />
      </BarChart>
    </ResponsiveContainer>
    </div>
  );
}
