import { withSession } from "@/lib/http/route";
import { testChannel } from "@/lib/alerts/test-channel";

// POST /api/channels/{id}/test — queues a test notification; its delivery shows in the channel's log.
export const POST = withSession({ permission: "channels:write" }, async ({ params }) => Response.json(await testChannel({ id: params.id }), { status: 202 }));
