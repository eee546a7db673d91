import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "../db";
import { env } from "../env";

// Failed sign-ins are counted per account and per IP in Postgres (shared by every instance). After
// WARDEN_LOGIN_MAX_ATTEMPTS failures the account (or IP, at 4× that) is locked for WARDEN_LOGIN_LOCK_MINUTES.
const g = globalThis as unknown as { __wardenLoginLimiters?: { account: RateLimiterPostgres; ip: RateLimiterPostgres } };

function limiters() {
  if (!g.__wardenLoginLimiters) {
    const e = env();
    const common = { storeClient: pool(), storeType: "pool", tableName: "rate_limits", tableCreated: true } as const;
    const lock = e.WARDEN_LOGIN_LOCK_MINUTES * 60;
    g.__wardenLoginLimiters = {
      account: new RateLimiterPostgres({ ...common, keyPrefix: "login_account", points: e.WARDEN_LOGIN_MAX_ATTEMPTS, duration: lock, blockDuration: lock }),
      ip: new RateLimiterPostgres({ ...common, keyPrefix: "login_ip", points: e.WARDEN_LOGIN_MAX_ATTEMPTS * 4, duration: lock, blockDuration: lock }),
    };
  }
  return g.__wardenLoginLimiters;
}

export class LoginLockedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
  }
}

/** Throws LoginLockedError while the account or the IP is locked out. */
export async function assertLoginAllowed(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  const [a, i] = await Promise.all([account.get(email), byIp.get(ip)]);
  for (const [res, max] of [
    [a, account.points],
    [i, byIp.points],
  ] as const) {
    if (res && res.consumedPoints >= max) throw new LoginLockedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  }
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  await Promise.all(
    [account.penalty(email, 1), byIp.penalty(ip, 1)].map((p) => p.catch((e) => (e instanceof RateLimiterRes ? e : Promise.reject(e)))),
  );
}

export async function recordLoginSuccess(email: string): Promise<void> {
  await limiters().account.delete(email);
}
