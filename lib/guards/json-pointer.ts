/** One RFC 6901 reference token appended to a JSON pointer. */
export function appendPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** True for the `data` of an MCP image/audio content block and a resource's `blob`: binary, never text. */
export function isBinaryField(parent: Record<string, unknown>, key: string): boolean {
  if (key === "data") return parent.type === "image" || parent.type === "audio" || (typeof parent.mimeType === "string" && !/^text\/|json|xml|yaml|javascript/.test(parent.mimeType));
  if (key === "blob") return typeof parent.uri === "string" || typeof parent.mimeType === "string";
  return false;
}
