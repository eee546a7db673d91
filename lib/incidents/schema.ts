import { z } from "zod";

// GET /api/incidents?status=active|resolved|all&limit[&id]
// "active": an alert of the incident is still open or acknowledged; "resolved": all its alerts are resolved.
// `id`: just that incident (a link to one incident, whatever how many are newer).
export const ListIncidentsQuery = z.object({
  status: z.enum(["active", "resolved", "all"]).default("active"),
  id: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuery>;

export interface IncidentAlertView {
  id: string;
  title: string;
  severity: string;
  status: string;
  subjectType: string;
  subjectValue: string;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface IncidentTimelineEntry {
  at: string;
  what: "alert_opened" | "alert_acknowledged" | "alert_resolved" | "notified";
  alertId: string;
  text: string;
}

export interface IncidentView {
  id: string;
  title: string;
  severity: string;
  status: "active" | "resolved";
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  /** Deliveries to channels for this incident (one per channel that heard of it). */
  notifications: number;
  alerts: IncidentAlertView[];
  timeline: IncidentTimelineEntry[];
}
