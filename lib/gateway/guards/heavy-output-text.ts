// The text of an output that the heavy rules read (docs/guards.md "Two speeds"): what the model reads of it.
// - tools/call: its content blocks' text (text blocks, embedded text resources), or else its
//   structuredContent as JSON (a result with both carries the same JSON as text, per the MCP spec);
// - resources/read: its text contents (blobs are not text);
// - prompts/get: its messages' content text.
// Joined by newlines; empty when there is nothing to read.
export function heavyOutputText(result: unknown): string {
  if (!result || typeof result !== "object") return "";
  const r = result as { content?: unknown; structuredContent?: unknown; contents?: unknown; messages?: unknown };
  const parts: string[] = [];
  if (Array.isArray(r.content)) for (const block of r.content) pushText(parts, block);
  if (Array.isArray(r.contents)) for (const item of r.contents) pushText(parts, item);
  if (Array.isArray(r.messages)) for (const m of r.messages) if (m && typeof m === "object") pushText(parts, (m as { content?: unknown }).content);
  if (!parts.length && r.structuredContent !== undefined && r.structuredContent !== null) {
    try {
      parts.push(JSON.stringify(r.structuredContent));
    } catch {
      // not serializable: skipped
    }
  }
  return parts.join("\n");
}

/** A content block's or resource item's text: its own `text`, or its embedded resource's. */
function pushText(parts: string[], block: unknown): void {
  if (!block || typeof block !== "object") return;
  const b = block as { text?: unknown; resource?: { text?: unknown } };
  if (typeof b.text === "string") parts.push(b.text);
  else if (b.resource && typeof b.resource === "object" && typeof b.resource.text === "string") parts.push(b.resource.text);
}
