import { withSession } from "@/lib/http/route";
import { getIngestRedaction } from "@/lib/settings/get-ingest-redaction";
import { PutIngestRedactionBody } from "@/lib/settings/schema";
import { setIngestRedaction } from "@/lib/settings/set-ingest-redaction";

// GET /api/settings/ingest-redaction — whether secrets in ingested events are redacted before storing.
export const GET = withSession({ permission: "gateways:read" }, async () => ({ enabled: await getIngestRedaction({ fresh: true }) }));

// PUT /api/settings/ingest-redaction {enabled} — admins only: turning a defence off is audited.
export const PUT = withSession({ permission: "gateways:write", body: PutIngestRedactionBody }, async ({ body, actor }) => setIngestRedaction({ input: body, actor }));
