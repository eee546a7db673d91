import { withSession } from "@/lib/http/route";
import { getAlert } from "@/lib/alerts/get-alert";

// GET /api/alerts/{id}
export const GET = withSession({ permission: "alerts:read" }, async ({ params }) => ({ alert: await getAlert(params.id) }));
