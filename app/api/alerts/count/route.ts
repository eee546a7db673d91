import { withSession } from "@/lib/http/route";
import { countOpenAlerts } from "@/lib/alerts/count-open-alerts";

// GET /api/alerts/count — the navigation badge.
export const GET = withSession({ permission: "alerts:read" }, async () => countOpenAlerts());
