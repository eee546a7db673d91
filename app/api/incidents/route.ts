import { withSession } from "@/lib/http/route";
import { ListIncidentsQuery } from "@/lib/incidents/schema";
import { findIncidents } from "@/lib/incidents/find-incidents";

// GET /api/incidents?status=active|resolved|all&limit — alerts grouped by shared cause (lib/incidents).
export const GET = withSession({ permission: "alerts:read" }, async ({ query }) => findIncidents(ListIncidentsQuery.parse(Object.fromEntries(query))));
