import { readFile } from "node:fs/promises";
import { Agent, fetch as undiciFetch } from "undici";
import { describe, expect, inject, it } from "vitest";
import { db } from "../../lib/db";
import { createTestUser } from "../support/factories";
import { baseUrl } from "../support/http";

// Each test signs in from its own loopback address (127.x.y.z), so its per-IP count cannot lock out
// the other test files, which all sign in from 127.0.0.1.
function loopbackAddress(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

function cookiesOf(res: { headers: { getSetCookie(): string[] } }): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** next-auth's real credentials callback, from `from`. Returns the refusal's error text or "ok". */
async function signInFrom(dispatcher: Agent, csrf: { token: string; cookie: string }, email: string, password: string): Promise<string> {
  const base = baseUrl();
  const res = await undiciFetch(`${base}/api/auth/callback/credentials`, {
    dispatcher,
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie, origin: base },
    body: new URLSearchParams({ csrfToken: csrf.token, email, password, json: "true" }),
  });
  if (cookiesOf(res).includes("warden.session=")) return "ok";
  const text = await res.text();
  const location = res.headers.get("location") || ((JSON.parse(text) as { url?: string }).url ?? "");
  return new URL(location, base).searchParams.get("error") ?? `status ${res.status}`;
}

async function csrfFor(dispatcher: Agent) {
  const res = await undiciFetch(`${baseUrl()}/api/auth/csrf`, { dispatcher });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: cookiesOf(res) };
}

async function accountCount(email: string): Promise<number> {
  const row = await db().rateLimit.findUnique({ where: { key: `login_account:${email}` } });
  return row?.points ?? 0;
}

async function passwordChecks(email: string): Promise<number> {
  const log = await readFile(inject("serverLogPath"), "utf8");
  return log.split("\n").filter((l) => l.includes(`"email":"${email}"`) && l.includes('"msg":"sign-in failed"')).length;
}

describe("sign-in lock-out under concurrency", () => {
  it("30 parallel wrong passwords cost at most 5 password checks, and the right password sent meanwhile is refused while locked", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const from = loopbackAddress();
    const dispatcher = new Agent({ localAddress: from, connections: 64 });
    try {
      const tokens = await Promise.all(Array.from({ length: 31 }, () => csrfFor(dispatcher)));
      const wrong = tokens.slice(0, 30).map((t, i) => signInFrom(dispatcher, t, user.email, `wrong-password-${i}`));
      // The right password goes out as soon as the Postgres counter shows the limit reached, while the
      // wrong ones are still in flight.
      await expect.poll(() => accountCount(user.email), { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(5);
      const right = await signInFrom(dispatcher, tokens[30], user.email, user.password);
      const results = await Promise.all(wrong);

      expect(right).toMatch(/^Too many failed sign-ins\. Try again in \d+ minute/);
      expect(results.filter((r) => r === "Wrong email or password.").length).toBeLessThanOrEqual(5);
      expect(results.every((r) => r === "Wrong email or password." || /^Too many failed sign-ins/.test(r))).toBe(true);
      await expect.poll(() => passwordChecks(user.email), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      expect(await passwordChecks(user.email)).toBeLessThanOrEqual(5);
      // Only checked attempts cost the IP a point: the ones refused unchecked gave theirs back.
      const checked = results.filter((r) => r === "Wrong email or password.").length;
      expect((await db().rateLimit.findUnique({ where: { key: `login_ip:${from}` } }))?.points).toBe(checked);
    } finally {
      await dispatcher.close();
    }
  });

  it("an IP over its limit (4 × 5 failures) is refused before any check, and the refused attempt does not count against the account", async () => {
    const from = loopbackAddress();
    const dispatcher = new Agent({ localAddress: from });
    const elsewhere = new Agent({ localAddress: loopbackAddress() });
    try {
      const sprayed = await Promise.all(Array.from({ length: 4 }, () => createTestUser({ roles: ["viewer"] })));
      for (const u of sprayed) {
        for (let i = 0; i < 5; i++) expect(await signInFrom(dispatcher, await csrfFor(dispatcher), u.email, `spray-${i}-password`)).toBe("Wrong email or password.");
      }
      const next = await createTestUser({ roles: ["viewer"] });
      expect(await signInFrom(dispatcher, await csrfFor(dispatcher), next.email, next.password)).toMatch(/^Too many failed sign-ins/);
      expect(await accountCount(next.email)).toBe(0);
      expect(await passwordChecks(next.email)).toBe(0);
      expect(await signInFrom(elsewhere, await csrfFor(elsewhere), next.email, next.password)).toBe("ok");
    } finally {
      await dispatcher.close();
      await elsewhere.close();
    }
  });

  it("a successful sign-in clears the account's count (four typos and then the right password leave no lock)", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const dispatcher = new Agent({ localAddress: loopbackAddress() });
    try {
      for (let i = 0; i < 4; i++) expect(await signInFrom(dispatcher, await csrfFor(dispatcher), user.email, `typo-${i}-password`)).toBe("Wrong email or password.");
      expect(await signInFrom(dispatcher, await csrfFor(dispatcher), user.email, user.password)).toBe("ok");
      expect(await accountCount(user.email)).toBe(0);
      expect(await signInFrom(dispatcher, await csrfFor(dispatcher), user.email, "one-more-typo")).toBe("Wrong email or password.");
      expect(await signInFrom(dispatcher, await csrfFor(dispatcher), user.email, user.password)).toBe("ok");
    } finally {
      await dispatcher.close();
    }
  });
});
