// The browser's side of the JSON error contract: every non-2xx becomes an ApiClientError with the
// server's code and message, ready to show.
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string; index?: number }[],
  ) {
    super(message);
  }
}

export async function apiFetch<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: "same-origin",
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; issues?: [] } } | undefined)?.error;
    const details = err?.issues?.length ? ` (${err.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`).join("; ")})` : "";
    throw new ApiClientError(res.status, err?.code ?? "http_error", `${err?.message ?? `Request failed (${res.status})`}${details}`, err?.issues);
  }
  return data as T;
}
