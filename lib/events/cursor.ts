// Keyset cursor of the explorer: the (ts, id) of the last row shown, opaque to the client.

export interface EventCursor {
  ts: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: EventCursor): string {
  return Buffer.from(`${c.ts}|${c.id}`, "utf8").toString("base64url");
}

/** Null when the cursor is not one we issued. */
export function decodeCursor(s: string): EventCursor | null {
  const text = Buffer.from(s, "base64url").toString("utf8");
  const [ts, id, ...rest] = text.split("|");
  if (rest.length || !ts || !id || !UUID.test(id) || Number.isNaN(new Date(ts).getTime())) return null;
  return { ts: new Date(ts).toISOString(), id: id.toLowerCase() };
}
