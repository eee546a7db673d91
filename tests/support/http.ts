import { Agent, fetch as undiciFetch } from "undici";
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
  // From a loopback address of its own (127.x.y.z, as auth-lockout.test.ts does): Warden counts sign-in
  // attempts per IP too (4 × WARDEN_LOGIN_MAX_ATTEMPTS in WARDEN_LOGIN_LOCK_MINUTES, each taken before the
  // password is checked and given back on success; lib/auth/login-limiter.ts). From the one 127.0.0.1, every
  // file's deliberate failures (auth, bad-input, security: about ten) and the sign-ins in flight at once (up
  // to nine) drew on one allowance of 20; past it, every sign-in of every file is refused for 15 minutes.
  // (Where only 127.0.0.1 is configured, as on macOS, binding fails with EADDRNOTAVAIL: from 127.0.0.1 then.)
  const b = () => 1 + Math.floor(Math.random() * 250);
  const dispatcher = new Agent({ localAddress: `127.${b()}.${b()}.${b()}` });
  try {
    return await signInThrough(dispatcher, email, password, base);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== "EADDRNOTAVAIL") throw err;
    const local = new Agent();
    try {
      return await signInThrough(local, email, password, base);
    } finally {
      await local.close();
    }
  } finally {
    await dispatcher.close();
  }
}

async function signInThrough(dispatcher: Agent, email: string, password: string, base: string): Promise<{ ok: true; cookie: string } | { ok: false; error: string }> {
  const csrfRes = await undiciFetch(`${base}/api/auth/csrf`, { dispatcher });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrfRes);
  const res = await undiciFetch(`${base}/api/auth/callback/credentials`, {
    dispatcher,
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

function cookiesOf(res: { headers: { getSetCookie(): string[] } }): string {
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
