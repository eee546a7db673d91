import { describe, expect, it } from "vitest";
import { createSignedInUser } from "../support/factories";
import { baseUrl } from "../support/http";

// What the security probe sent, and the other spellings browsers read as another host.
const HOSTILE = ["/%5C127.0.0.2:4802/pwned", "/%09/127.0.0.2:4802/pwned", "//127.0.0.2:4802/pwned", "/%5Cevil.example", "https://evil.example/pwned", "/%2F%2Fevil.example"];

/** Where a browser would go: the Location header resolved the way browsers resolve it (WHATWG URL). */
function destination(res: Response): URL {
  return new URL(res.headers.get("location") ?? "", baseUrl());
}

describe("callbackUrl", () => {
  it.each(HOSTILE)("a signed-in visit to /login?callbackUrl=%s stays on this site", async (callback) => {
    const user = await createSignedInUser({ roles: ["viewer"] });
    const res = await fetch(`${baseUrl()}/login?callbackUrl=${callback}`, { redirect: "manual", headers: { cookie: user.cookie } });
    expect(res.status).toBe(307);
    expect(destination(res).origin).toBe(baseUrl());
    expect(destination(res).pathname).toBe("/");
  });

  it.each(HOSTILE)("the login form for callbackUrl=%s is given /", async (callback) => {
    const html = await (await fetch(`${baseUrl()}/login?callbackUrl=${callback}`)).text();
    expect(/<input type="hidden" name="callbackUrl" value="([^"]*)"/.exec(html)?.[1]).toBe("/");
  });

  it("keeps a same-origin callbackUrl", async () => {
    const user = await createSignedInUser({ roles: ["viewer"] });
    const res = await fetch(`${baseUrl()}/login?callbackUrl=${encodeURIComponent("/approvals?status=pending")}`, { redirect: "manual", headers: { cookie: user.cookie } });
    expect(destination(res).href).toBe(`${baseUrl()}/approvals?status=pending`);
    const html = await (await fetch(`${baseUrl()}/login?callbackUrl=%2Fbudgets`)).text();
    expect(/<input type="hidden" name="callbackUrl" value="([^"]*)"/.exec(html)?.[1]).toBe("/budgets");
  });

  it.each(HOSTILE)("next-auth's sign-in answer for callbackUrl=%s is a URL on this site", async (callback) => {
    const user = await createSignedInUser({ roles: ["viewer"] });
    const base = baseUrl();
    const csrfRes = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "),
        origin: base,
      },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, callbackUrl: decodeURIComponent(callback), json: "true" }),
    });
    const { url } = (await res.json()) as { url: string };
    expect(new URL(url, base).origin).toBe(base);
    expect(url).toBe(`${base}/`);
  });
});
