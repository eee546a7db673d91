import { openApiDocument } from "@/lib/openapi/document";

// GET /api/v1/openapi.json — the gateway API contract, generated from the handlers' zod schemas. Public.
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
