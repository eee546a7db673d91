import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

// The params hash of the approval contract, shared by Warden and gateways (pure: no server-only imports).
// `paramsHash` = lowercase hex SHA-256 of the RFC 8785 (JSON Canonicalization Scheme) serialisation of the
// FULL params the gateway will execute. Warden recomputes it over the params it receives and refuses a
// request whose hash differs, so what reviewers see is what the approval token allows to run.

export const PARAMS_HASH_FORM = "lowercase hex SHA-256 of the RFC 8785 canonical JSON of the full params";

/** The paramsHash of `params` (a JSON value). Throws on what JSON cannot carry (NaN, Infinity, lone surrogates). */
export function hashParams(params: unknown): string {
  const json = canonicalize(params);
  if (json === undefined) throw new TypeError("params must be a JSON value");
  return createHash("sha256").update(json, "utf8").digest("hex");
}
