import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { MAX_TOOLS_BODY_BYTES, PutToolsBody } from "@/lib/gateways/schema";
import { recordToolLists } from "@/lib/gateways/record-tool-lists";

// PUT /api/v1/tools — each upstream server's tools/list, stored per gateway × server with its hash.
export const PUT = withApiKey({ scope: "tools:write" }, async ({ req, gateway }) => {
  const input = PutToolsBody.parse(await readJsonBody(req, MAX_TOOLS_BODY_BYTES));
  return recordToolLists({ gatewayId: gateway.gatewayId, input });
});
