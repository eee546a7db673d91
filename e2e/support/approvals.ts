import { randomUUID } from "node:crypto";
import { hashParams } from "../../lib/approvals/hash-params";
import type { z } from "zod";
import type { CreateApprovalBody } from "../../lib/approvals/schema";
import { baseURL } from "./fixtures";

/** A gateway holds a call for approval (POST /api/v1/approvals) and gets the approval's id back. */
export async function requestApproval(apiKey: string, over: Partial<z.input<typeof CreateApprovalBody>> = {}): Promise<string> {
  const params = over.params ?? { to: "cfo@example.com", subject: "Q3 numbers" };
  const body: z.input<typeof CreateApprovalBody> = {
    requestId: randomUUID(),
    server: "mail",
    tool: `send_email_${randomUUID().slice(0, 6)}`,
    params,
    paramsHash: hashParams(params),
    userId: "alice@example.com",
    userGoal: "Send the Q3 numbers to our CFO",
    justification: "Emailing the summary the user asked for",
    reason: "outbound email",
    timeoutSeconds: 600,
    ...over,
  };
  const res = await fetch(`${baseURL}/api/v1/approvals`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status !== 201 || !json.id) throw new Error(`POST /api/v1/approvals → ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

/** The gateway gives up on a request (POST /api/v1/approvals/{id}/cancel): a test leaves no request pending. */
export async function cancelApproval(apiKey: string, id: string): Promise<void> {
  const res = await fetch(`${baseURL}/api/v1/approvals/${id}/cancel`, { method: "POST", headers: { authorization: `Bearer ${apiKey}` } });
  await res.body?.cancel();
}
