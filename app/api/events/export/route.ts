import { withSession } from "@/lib/http/route";
import { ExportEventsQuery } from "@/lib/events/schema";
import { exportEvents, exportFileName } from "@/lib/events/export-events";

// GET /api/events/export?format=csv|ndjson&…the explorer's filters — streamed, never buffered whole (the
// first batch is read before answering, so a refused filter is a JSON error, not a dropped 200)
export const GET = withSession({ permission: "events:export" }, async ({ query }) => {
  const q = ExportEventsQuery.parse(Object.fromEntries(query));
  return new Response(await exportEvents(q), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(q.format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
