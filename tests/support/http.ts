import { inject } from "vitest";

export const baseUrl = () => inject("baseUrl");

export interface Session {
  cookie: string;
  email: string;
}

/** Signs in through next-auth's real credentials endpoint and returns the session cookie. */
export async function signIn(email: string, password: string, base = baseUrl()): Promise<Session> {
  const result = await trySignIn(email, password, base);
  if (!result.ok) throw new Error(`sign-in of ${email} failed: ${result.error}`);
  return { cookie: result.cookie, email };
}

export async function trySignIn(
  email: string,
  password: string,
  base = baseUrl(),
): Promise<{ ok: true; cookie: string } | { ok: false; error: string }> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = cookiesOf(res);
  if (cookie.includes("warden.session=")) return { ok: true, cookie };
  // next-auth answers a refused sign-in with a redirect (or, for JSON callers, {url}) carrying ?error=.
  const body = await res.text();
  let location = res.headers.get("location") ?? "";
  try {
    location ||= (JSON.parse(body) as { url?: string }).url ?? "";
  } catch {
    // not JSON
  }
  const error = location ? (new URL(location, base).searchParams.get("error") ?? `status ${res.status}`) : `status ${res.status}`;
  return { ok: false, error };
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A JSON request to Warden as a signed-in person (same-origin, as the browser would send it). */
export async function api(path: string, opts: { session?: Session; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const base = baseUrl();
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? "GET",
    redirect: "manual",
    headers: {
      origin: base,
      ...(opts.session ? { cookie: opts.session.cookie } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
