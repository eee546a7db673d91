// The text of a tools/call result that the heavy rules read (docs/guards.md "Two speeds"): its content
// blocks' text (text blocks, embedded text resources), joined by newlines, or else its structuredContent as
// JSON (a result with both carries the same JSON as text, per the MCP spec) —
// what the model reads of the result. Empty when there is nothing to read.
export function heavyOutputText(result: unknown): string {
  if (!result || typeof result !== "object") return "";
  const r = result as { content?: unknown; structuredContent?: unknown };
  const parts: string[] = [];
  if (Array.isArray(r.content))
    for (const block of r.content as { type?: unknown; text?: unknown; resource?: { text?: unknown } }[]) {
      if (!block || typeof block !== "object") continue;
      if (typeof block.text === "string") parts.push(block.text);
      else if (block.resource && typeof block.resource.text === "string") parts.push(block.resource.text);
    }
  if (!parts.length && r.structuredContent !== undefined && r.structuredContent !== null) {
    try {
      parts.push(JSON.stringify(r.structuredContent));
    } catch {
      // not serializable: skipped
    }
  }
  return parts.join("\n");
}
