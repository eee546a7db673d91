"use client";
import { Fragment, type MouseEvent } from "react";
import { ReferenceArea, ReferenceLine } from "recharts";
import type { MarkerRow } from "@/lib/metrics/marker-rows";
import { SEVERITY_COLORS } from "./format";

/** Top margin of a chart that draws markers: room for their flags above the plot, clear of the bars. */
export const MARKER_MARGIN_TOP = 14;

interface FlagProps {
  marker: MarkerRow;
  x: number;
  top: number;
  onClick?: (id: string) => void;
}

/**
 * The clickable part of a marker: a small flag above the plot area (so it never covers a bar), named by its
 * label (severity, title, subject) in an SVG <title>: the browser's tooltip and the accessible name, as text.
 */
function MarkerFlag({ marker, x, top, onClick }: FlagProps) {
  // (x is the flag's own position: the bucket's plus its offset among flags of the same bucket)
  const color = SEVERITY_COLORS[marker.severity];
  return (
    <g
      role="img"
      aria-label={marker.label}
      data-marker-id={marker.id}
      className="chart-marker"
      style={onClick ? { cursor: "pointer" } : undefined}
      onClick={(e: MouseEvent) => {
        e.stopPropagation();
        onClick?.(marker.id);
      }}
    >
      <title>{marker.label}</title>
      <rect x={x - FLAG_STEP / 2} y={top - MARKER_MARGIN_TOP} width={FLAG_STEP} height={MARKER_MARGIN_TOP} fill="transparent" />
      <path d={`M${x - 5},${top - 11} h10 l-5,8 z`} fill={color} stroke="var(--color-white)" strokeWidth={1} />
    </g>
  );
}

type Num = number | undefined;

/** Flag width and the step between flags of alerts that opened in the same bucket. */
const FLAG_STEP = 13;

/**
 * Horizontal offset of each marker's flag: flags of alerts that opened in the same bucket sit side by side,
 * centred on the bucket, so each one can be seen and clicked (stacked, the top one took every click).
 */
export function flagOffsets(markers: readonly Pick<MarkerRow, "id" | "x1">[]): Map<string, number> {
  const byBucket = new Map<string, string[]>();
  for (const m of markers) byBucket.set(m.x1, [...(byBucket.get(m.x1) ?? []), m.id]);
  const out = new Map<string, number>();
  for (const ids of byBucket.values()) ids.forEach((id, i) => out.set(id, (i - (ids.length - 1) / 2) * FLAG_STEP));
  return out;
}

/**
 * Alert markers on a time chart whose x axis is the bucket starts: a dashed line with a flag at the bucket an
 * alert opened in, plus a light band to the bucket it ended in, coloured by severity. `markers` come from
 * toMarkerRows(), so every x is one of the axis' values; the line sits where that bucket's bar or point is.
 * Bands are drawn beneath the bars and lines (several overlapping bands hid the spike they marked); lines are
 * thin and let the pointer through; flags of one bucket sit side by side.
 */
export function ChartMarkers({ markers, onMarkerClick }: { markers: readonly MarkerRow[]; onMarkerClick?: (id: string) => void }) {
  const offsets = flagOffsets(markers);
  return (
    <>
      {markers.map((m) => {
        const color = SEVERITY_COLORS[m.severity];
        return (
          <Fragment key={m.id}>
            {m.x2 && (
              <ReferenceArea
                x1={m.x1}
                x2={m.x2}
                zIndex={-50}
                shape={(p: { x?: Num; y?: Num; width?: Num; height?: Num }) =>
                  p.x === undefined || p.y === undefined ? <g /> : <rect data-marker-band={m.id} x={p.x} y={p.y} width={p.width ?? 0} height={p.height ?? 0} fill={color} fillOpacity={0.1} pointerEvents="none" />
                }
              />
            )}
            <ReferenceLine
              x={m.x1}
              zIndex={450}
              shape={(p: { x1?: Num; y1?: Num; x2?: Num; y2?: Num }) =>
                p.x1 === undefined || p.y1 === undefined || p.y2 === undefined ? (
                  <g />
                ) : (
                  <g>
                    <line x1={p.x1} x2={p.x1} y1={Math.min(p.y1, p.y2)} y2={Math.max(p.y1, p.y2)} stroke={color} strokeWidth={1.5} strokeDasharray="4 3" pointerEvents="none" />
                    <MarkerFlag marker={m} x={p.x1 + (offsets.get(m.id) ?? 0)} top={Math.min(p.y1, p.y2)} onClick={onMarkerClick} />
                  </g>
                )
              }
            />
          </Fragment>
        );
      })}
    </>
  );
}
