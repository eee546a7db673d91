// The spool's on-disk record: [u32 LE payload length][u32 LE CRC-32 of the payload][payload: UTF-8 JSON].
// A record is whole or it is not there: a short header, a short payload or a CRC mismatch marks a torn
// tail (a crash mid-write), which the reader ignores and open-spool truncates.
import { crc32 } from "node:zlib";
import type { IngestEvent } from "../../ingest/schema";

/** The v1 event (lib/ingest/schema.ts) as the gateway knows it; its id is fixed when first written. */
export type SpoolEvent = IngestEvent;

export type SpoolRecord =
  | { t: "started"; e: SpoolEvent }
  | { t: "finished"; e: SpoolEvent }
  /** A call that ended a round without finishing (a resumable approval hold, docs/gateway-chain.md): no longer open, no event. */
  | { t: "suspended"; id: string }
  | { t: "acked"; seg: number; off: number }
  | { t: "claim"; approvalId: string; eventId: string };

export const RECORD_HEADER_BYTES = 8;
/** Larger lengths can only come from a torn or corrupt header (an event is ≤ ~64 KiB). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export function encodeRecord(record: SpoolRecord): Buffer {
  const body = Buffer.from(JSON.stringify(record));
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, RECORD_HEADER_BYTES);
  return out;
}

export interface DecodedRecords {
  records: { record: SpoolRecord; off: number; end: number }[];
  /** Offset (relative to `base`) just past the last whole record. */
  end: number;
  /** "eof": all bytes decoded; "partial": the buffer ends inside a record of `need` bytes; "corrupt": bad length or CRC. */
  stop: "eof" | "partial" | "corrupt";
  need?: number;
}

/** Decodes the whole records in `buf`, whose first byte sits at file offset `base`. */
export function decodeRecords(buf: Buffer, base = 0, maxRecords = Infinity): DecodedRecords {
  const records: DecodedRecords["records"] = [];
  let at = 0;
  while (at < buf.length && records.length < maxRecords) {
    if (buf.length - at < RECORD_HEADER_BYTES) return { records, end: base + at, stop: "partial", need: RECORD_HEADER_BYTES };
    const len = buf.readUInt32LE(at);
    if (len > MAX_RECORD_BYTES) return { records, end: base + at, stop: "corrupt" };
    if (buf.length - at < RECORD_HEADER_BYTES + len) return { records, end: base + at, stop: "partial", need: RECORD_HEADER_BYTES + len };
    const body = buf.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + len);
    if (crc32(body) !== buf.readUInt32LE(at + 4)) return { records, end: base + at, stop: "corrupt" };
    let record: SpoolRecord;
    try {
      record = JSON.parse(body.toString("utf8")) as SpoolRecord;
    } catch {
      return { records, end: base + at, stop: "corrupt" };
    }
    records.push({ record, off: base + at, end: base + at + RECORD_HEADER_BYTES + len });
    at += RECORD_HEADER_BYTES + len;
  }
  return { records, end: base + at, stop: "eof" };
}
