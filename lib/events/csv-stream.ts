import { csvRow } from "./csv";

// A CSV file streamed in keyset batches (pull-based: memory stays at one batch however many rows match),
// cells made safe by csv.ts (RFC 4180 quoting, formula injection neutralised). Shared by every CSV export
// (events, alerts, approval history, audit log). The first batch is read before the stream is returned, so a
// query the database refuses is an error response, not a 200 whose connection drops after the header row.

export interface CsvBatch<C> {
  rows: readonly (readonly unknown[])[];
  /** Where the next batch starts; null when this was the last. */
  next: C | null;
}

export async function streamCsv<C>(opts: { header: readonly string[]; readBatch: (cursor: C | null) => Promise<CsvBatch<C>> }): Promise<ReadableStream<Uint8Array>> {
  const enc = new TextEncoder();
  let batch = await opts.readBatch(null);
  let first: string | null = csvRow(opts.header) + batch.rows.map(csvRow).join("");
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (first !== null) {
          controller.enqueue(enc.encode(first));
          first = null;
        } else if (batch.next !== null) {
          batch = await opts.readBatch(batch.next);
          const chunk = batch.rows.map(csvRow).join("");
          if (chunk) controller.enqueue(enc.encode(chunk));
        }
        if (first === null && batch.next === null) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The response of a CSV export: attachment, never sniffed, never cached. */
export function csvResponse(stream: ReadableStream<Uint8Array>, name: string, now = new Date()): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="warden-${name}-${now.toISOString().replace(/[:.]/g, "-")}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
