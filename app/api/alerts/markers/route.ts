import { withSession } from "@/lib/http/route";
import { AlertMarkersQuery } from "@/lib/alerts/schema";
import { findAlertMarkers } from "@/lib/alerts/find-alert-markers";

// GET /api/alerts/markers?from&to[&subjectType&subjectValue] — anomaly markers for the overview's charts.
export const GET = withSession({ permission: "alerts:read" }, async ({ query }) => findAlertMarkers(AlertMarkersQuery.parse(Object.fromEntries(query))));
