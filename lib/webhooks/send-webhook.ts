import "server-only";

// CONTRACT (owned by the alerting work): every outgoing webhook (alert channels, approval rules, budget
// notifications) goes through here: the URL is checked first (http(s) only; no private, loopback or
// link-local address unless an admin allowed the host), the JSON body is signed with HMAC-SHA256 in
// the `X-Warden-Signature: t=<unix>,v1=<hex>` header (signed string: `${t}.${body}`).
export interface SendWebhookOptions {
  url: string;
  secret?: string | null;
  body: unknown;
  timeoutMs?: number;
}

export interface SendWebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export async function sendWebhook(opts: SendWebhookOptions): Promise<SendWebhookResult> {
  void opts;
  return { ok: false, error: "webhook delivery not implemented yet" };
}
