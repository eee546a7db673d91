import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "../db";
import { env } from "../env";

// Sign-in attempts are counted per account and per IP in Postgres (shared by every instance), BEFORE the
// password is checked: each attempt takes a point with one atomic upsert (INSERT … ON CONFLICT DO UPDATE
// … RETURNING), so however many arrive at once, at most WARDEN_LOGIN_MAX_ATTEMPTS passwords are checked
// per account (4× that per IP) in WARDEN_LOGIN_LOCK_MINUTES; the rest are refused unchecked, and the
// account (or IP) stays locked for that long. A successful sign-in gives its points back.
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

/**
 * Counts one sign-in attempt for the account and the IP, atomically, before any password is checked.
 * Throws LoginLockedError when either is over its limit (the attempt is then refused unchecked).
 */
export async function consumeLoginAttempt(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  // The account first: an attempt on a locked account is refused without touching the IP's allowance.
  await account.consume(email).catch(lockedOut);
  // Then the IP: when it is locked, the account gets its point back (nothing was checked).
  await byIp.consume(ip).catch(async (err: unknown) => {
    if (err instanceof RateLimiterRes) await account.reward(email, 1);
    return lockedOut(err);
  });
}

function lockedOut(err: unknown): never {
  if (err instanceof RateLimiterRes) throw new LoginLockedError(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
  throw err;
}

/** The right password: the account's count starts over, and this attempt's IP point is given back. */
export async function recordLoginSuccess(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = limiters();
  await Promise.all([account.delete(email), byIp.reward(ip, 1)]);
}
