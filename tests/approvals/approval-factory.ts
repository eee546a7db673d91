import { randomUUID } from "node:crypto";
import { hashParams } from "../../lib/approvals/hash-params";
import { createApprovalRule } from "../../lib/approvals/create-approval-rule";
import type { CreateApprovalBody, CreateApprovalRuleBody } from "../../lib/approvals/schema";
import { uniq } from "../support/factories";
import { api, type Session } from "../support/http";
import { gatewayApi } from "../support/gateways";

/** The paramsHash a gateway sends: SHA-256 of the RFC 8785 canonical JSON of the full params. */
export const paramsHashOf = hashParams;

/** A valid approval request (fresh requestId; a tool name unique to the test so no stray rule matches). */
export function makeApprovalRequest(over: Partial<CreateApprovalBody> = {}): CreateApprovalBody {
  const params = over.params ?? { to: "cfo@example.com", subject: "Q3 numbers", body: "Revenue 12.4 M; margin 31 %." };
  return {
    requestId: randomUUID(),
    server: "mail",
    tool: uniq("send_email"),
    params,
    paramsHash: paramsHashOf(params),
    userId: "alice@example.com",
    team: "finance",
    reason: "rule: outbound email",
    justification: "Sending the quarterly numbers the user asked for.",
    userGoal: "Email the Q3 numbers to the CFO",
    riskScore: 40,
    estimatedCostUsd: 0.02,
    ...over,
  };
}

/** POSTs a request as the gateway and returns the approval id. */
export async function requestApproval(apiKey: string, over: Partial<CreateApprovalBody> = {}) {
  const body = makeApprovalRequest(over);
  const res = await gatewayApi("/approvals", apiKey, { body });
  if (res.status !== 201) throw new Error(`POST /approvals → ${res.status} ${res.text}`);
  return { id: res.json.id as string, body, res };
}

/** A rule scoped to one gateway and one tool name (so parallel tests never see each other's rules). */
export async function createToolRule(gatewayName: string, tool: string, over: Partial<CreateApprovalRuleBody> = {}) {
  const { rule } = await createApprovalRule({
    input: { name: uniq("rule"), toolPattern: tool, enabled: true, priority: 100, gatewayPattern: gatewayName, serverPattern: "*", riskFlags: [], requiredApprovals: 1, timeoutSeconds: 300, requireCommentToApprove: false, ...over },
    actor: { email: "tests" },
  });
  return rule;
}

export const decide = (session: Session, id: string, decision: "approve" | "deny", comment?: string) =>
  api(`/api/approvals/${id}/decision`, { session, method: "POST", body: { decision, ...(comment === undefined ? {} : { comment }) } });
