import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorResponses, jsonResponse } from "../openapi/registry";
import { GetPolicyResponse } from "../policy/schema";
import { CreateApprovalBody, CreateApprovalResponse, GatewayApprovalResponse, GetApprovalQuery, MAX_WAIT_SECONDS, TOKEN_TTL_SECONDS, TOKEN_TYPE } from "./schema";

const IdParams = z.object({ id: z.uuid() });

const Jwks = z.object({
  keys: z.array(
    z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string(), alg: z.literal("EdDSA"), use: z.literal("sig") }),
  ),
});

const TOKEN_TEXT =
  `\`token\` (null while pending) is a JWS (\`typ: ${TOKEN_TYPE}\`, alg EdDSA, \`kid\` in the header) signed by Warden, ` +
  "verifiable with GET /api/v1/jwks.json. Claims: `iss` (Warden's public URL), `sub` and `approval_id` (this approval), " +
  "`aud` (your gateway id), `request_id`, `decision` (the final status), `paramsHash`, `iat`, `exp` " +
  `(${TOKEN_TTL_SECONDS} s after issue; each read issues a fresh token). Run the call only with a token that verifies, ` +
  "names your gateway as audience, says `decision: \"approved\"` and carries the paramsHash of the exact params you will " +
  "execute. Anything else — denied, expired, cancelled, pending at your own deadline, an error — means do not run it.";

export function registerApprovalsOpenApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/api/v1/approvals",
    operationId: "createApproval",
    tags: ["approvals"],
    summary: "Hold a risky call until a person decides",
    description:
      "Idempotent per gateway on `requestId`: the same request again answers 200 with the same approval; the same " +
      "`requestId` for another server, tool or `paramsHash` is a 409. `params` are the FULL params of the call the gateway " +
      "will execute, not redacted (`{}` for none): reviewers see them with detected secrets masked, and Warden keeps the " +
      "full values only until the request is decided, then stores the masked copy. `paramsHash` is the lowercase hex " +
      "SHA-256 of the RFC 8785 (JCS) canonical JSON of those params; Warden computes it itself and refuses a request " +
      "whose `paramsHash` differs (400 `invalid_request`, issue on `paramsHash` with the expected hash). The first " +
      "matching approval rule (GET /api/v1/policy) sets how many approvals are needed and the timeout: `timeoutSeconds` may " +
      "shorten the rule's (default 300 s, at most 24 h), never lengthen it. Needs the `approvals:write` scope.",
    request: { body: { required: true, content: { "application/json": { schema: CreateApprovalBody } } } },
    responses: {
      201: jsonResponse("Created: pending until `expiresAt`.", CreateApprovalResponse),
      200: jsonResponse("This `requestId` was already asked: the same approval, in its current status.", CreateApprovalResponse),
      ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/approvals/{id}",
    operationId: "getApproval",
    tags: ["approvals"],
    summary: "Read (and long-poll) an approval",
    description:
      `With \`wait=N\` (N ≤ ${MAX_WAIT_SECONDS}) the request is held until the approval is decided (answering within ` +
      "milliseconds of the decision, whichever Warden instance recorded it), reaches its deadline (then `expired`), or " +
      "N seconds pass (then still `pending`: poll again). A reviewer may extend the deadline: the wait then ends at once, " +
      "still `pending`, with the new `expiresAt` — keep waiting until then. Only the gateway that asked can read it (404 otherwise). " +
      TOKEN_TEXT,
    request: { params: IdParams, query: GetApprovalQuery },
    responses: {
      200: jsonResponse("The approval, its votes and, once decided, the signed token.", GatewayApprovalResponse),
      ...errorResponses(400, 401, 403, 404, 429, 503),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/approvals/{id}/cancel",
    operationId: "cancelApproval",
    tags: ["approvals"],
    summary: "Withdraw a pending request",
    description: "Cancelling a cancelled request again is a no-op (200); a request decided otherwise answers 409 and stays as it was.",
    request: { params: IdParams },
    responses: {
      200: jsonResponse("Cancelled (with a token saying so).", GatewayApprovalResponse),
      ...errorResponses(401, 403, 404, 409, 429, 503),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/jwks.json",
    operationId: "getJwks",
    tags: ["approvals"],
    summary: "Public keys that verify approval tokens",
    description:
      "The active signing key and retired keys whose tokens may still be in flight (published 24 h after rotation). " +
      "Public: no API key needed. Cache it, and refetch when a token names an unknown `kid`.",
    security: [],
    responses: { 200: { description: "A JSON Web Key Set.", content: { "application/jwk-set+json": { schema: Jwks } } } },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/policy",
    operationId: "getPolicy",
    tags: ["policy"],
    summary: "What this gateway must enforce",
    description:
      "The enabled approval rules that can apply to this gateway (its name or id matches the rule's gateway pattern), in " +
      "the order they are tried: a call needs approval when a rule applies (server and tool match its globs — `*`, `?`, " +
      "`{a,b}`, case-insensitive; its estimated cost reaches `minCostUsd` if set; it carries one of `riskFlags` if any). " +
      "Also tools to block outright (`blockedTools`: blocked in the inventory, or a server under a kill switch), the budgets' state, and `tools`: central per-tool settings (cost per call, timeout, " +
      "rate limit per user per minute; null = not set centrally) that override the gateway's own config, with the tool " +
      "inventory's `status` and `approvedFingerprint` (a listed tool is shown iff approved at exactly that fingerprint, or it has no " +
      "status and its server's trust policy — `servers`, else `defaultTrustPolicy` — is `trust-on-first-use` or `open`; a changed " +
      "approved tool is `pending` until re-approved), and `killSwitch` (users, agents, or this whole gateway to refuse). Send the `ETag` back as `If-None-Match`: 304 while nothing " +
      "changed. Needs the `policy:read` scope.",
    request: { headers: z.object({ "if-none-match": z.string().optional() }) },
    responses: {
      200: { ...jsonResponse("The policy.", GetPolicyResponse), headers: { ETag: { description: "Strong validator of this policy.", schema: { type: "string" } } } },
      304: { description: "Unchanged since the ETag sent in If-None-Match." },
      ...errorResponses(401, 403, 429, 503),
    },
  });
}
