/** One JSON request to Warden's gateway API with the gateway's key; throws with the status on a non-2xx. */
export async function postToWarden(o: {
  baseUrl: string;
  apiKey: string;
  method: "POST" | "PUT";
  path: string;
  body: unknown;
  timeoutMs?: number;
}): Promise<void> {
  const res = await fetch(`${o.baseUrl.replace(/\/+$/, "")}/api/v1${o.path}`, {
    method: o.method,
    headers: { authorization: `Bearer ${o.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(o.body),
    signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
  });
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    throw new Error(`${o.method} ${o.path}: ${res.status} ${text.slice(0, 300)}`);
  }
  await res.arrayBuffer().catch(() => undefined);
}
