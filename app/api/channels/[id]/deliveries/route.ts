import { withSession } from "@/lib/http/route";
import { findChannelDeliveries } from "@/lib/alerts/find-channel-deliveries";

// GET /api/channels/{id}/deliveries
export const GET = withSession({ permission: "channels:write" }, async ({ params }) => findChannelDeliveries({ id: params.id }));
