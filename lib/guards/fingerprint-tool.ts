import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

// A tool definition's fingerprint, shared by the gateway (pinning what it lists) and Warden (its tool
// inventory): "sha256:" + lowercase hex SHA-256 of the RFC 8785 canonical JSON of the fields that tell the
// model what the tool does. A change in any of them is a new version of the tool (the rug-pull defence);
// fields outside this list (`_meta`, `icons`, …) do not change the fingerprint. Pure: no I/O.

export const FINGERPRINT_FIELDS = ["name", "title", "description", "inputSchema", "outputSchema", "annotations"] as const;

/** The fingerprint of one tool as `tools/list` returns it (its own name, not a namespaced one). */
export function fingerprintTool(tool: Record<string, unknown>): string {
  const picked: Record<string, unknown> = {};
  for (const field of FINGERPRINT_FIELDS) if (tool[field] !== undefined) picked[field] = tool[field];
  const json = canonicalize(picked);
  if (json === undefined) throw new TypeError("a tool definition must be JSON");
  return `sha256:${createHash("sha256").update(json, "utf8").digest("hex")}`;
}
