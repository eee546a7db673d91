"use client";
import { useRef, type KeyboardEvent, type RefObject } from "react";
import { useActiveTooltipLabel } from "recharts";

/**
 * Keyboard access to a chart's buckets. Recharts' accessibility layer makes the plot a Tab stop whose arrow
 * keys move the tooltip from bucket to bucket; this adds Enter (or Space) to open the bucket the tooltip is on,
 * as a click would. `ActiveBucket` goes inside the chart and keeps that bucket in the ref; `onKeyDown` goes on
 * the element around the chart.
 */
export function useBucketKeys(open: ((label: string) => void) | undefined): { active: RefObject<string | null>; onKeyDown: (e: KeyboardEvent) => void } {
  const active = useRef<string | null>(null);
  return {
    active,
    onKeyDown: (e) => {
      if ((e.key !== "Enter" && e.key !== " ") || !open || active.current === null) return;
      e.preventDefault();
      open(active.current);
    },
  };
}

/** Rendered inside a recharts chart: records the label (x value) of the bucket its tooltip is on. */
export function ActiveBucket({ target }: { target: RefObject<string | null> }) {
  const label = useActiveTooltipLabel();
  target.current = label === undefined || label === null ? null : String(label);
  return null;
}

/** The accessible name of a chart's plot: what it shows, and how to move and open by keyboard. */
export function chartTitle(title: string | undefined, openable: boolean): string {
  const name = title ?? "Chart";
  return openable ? `${name}: arrow keys move between buckets, Enter opens one` : `${name}: arrow keys move between buckets`;
}
