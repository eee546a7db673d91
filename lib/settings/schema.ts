import { z } from "zod";

// PUT /api/settings/ingest-redaction
export const PutIngestRedactionBody = z.object({ enabled: z.boolean() }).strict();
export type PutIngestRedactionBody = z.infer<typeof PutIngestRedactionBody>;

// GET|PUT /api/settings/ingest-redaction
export const IngestRedactionResponse = z.object({ enabled: z.boolean() });
export type IngestRedactionResponse = z.infer<typeof IngestRedactionResponse>;
