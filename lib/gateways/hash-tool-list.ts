import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** "sha256:" + lowercase hex SHA-256 of the RFC 8785 canonical JSON of a tools/list (pure). */
export function hashToolList(tools: unknown[]): string {
  const json = canonicalize(tools);
  if (json === undefined) throw new TypeError("tools must be JSON");
  return `sha256:${createHash("sha256").update(json, "utf8").digest("hex")}`;
}
