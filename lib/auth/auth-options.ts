import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { recordAudit } from "../audit/record-audit";
import { dummyHash, verifyPassword } from "./password";
import { LoginBody } from "./schema";
import { INACTIVE_LOGIN, INVALID_LOGIN } from "./login-error-message";
import { consumeLoginAttempt, LoginLockedError, recordLoginSuccess } from "./login-limiter";
import { clientIp } from "../http/client-ip";
import { endSession } from "./end-session";
import { findSessionUser } from "./find-session-user";
import { safeCallbackPath } from "./safe-callback-path";
import { SESSION_MAX_AGE_SECONDS, startSession } from "./start-session";
import { syncOidcUser } from "./sync-oidc-user";


async function authorizeCredentials(raw: unknown, headers: Record<string, unknown>) {
  const parsed = LoginBody.safeParse(raw);
  if (!parsed.success) throw new Error(INVALID_LOGIN);
  const { email, password } = parsed.data;
  const ip = clientIp(headers);
  // Counted before the password is checked, atomically in Postgres: parallel attempts cannot slip past.
  try {
    await consumeLoginAttempt(email, ip);
  } catch (err) {
    if (err instanceof LoginLockedError) {
      log.warn({ email, ip }, "sign-in refused: locked out");
      throw new Error(err.message);
    }
    throw err;
  }
  const user = await db().user.findUnique({ where: { email } });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash(), password), false);
  if (!user || !ok) {
    log.info({ email, ip }, "sign-in failed");
    throw new Error(INVALID_LOGIN);
  }
  if (!user.active) throw new Error(INACTIVE_LOGIN);
  await recordLoginSuccess(email, ip);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(tx, { actor: { id: user.id, email: user.email, ip }, action: "user.sign_in", targetType: "user", targetId: user.id });
  });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

function oidcProvider() {
  const e = env();
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: "Single sign-on",
      type: "oauth" as const,
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: e.OIDC_SCOPE } },
      idToken: true,
      checks: ["pkce", "state"] as ("pkce" | "state")[],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email?.toLowerCase(), name: profile.name };
      },
    },
  ];
}

const secure = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

export function authOptions(): NextAuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: secure ? "__Secure-warden.session" : "warden.session",
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, req) => authorizeCredentials(credentials, (req?.headers ?? {}) as Record<string, unknown>),
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // SSO: roles from the IdP's groups (OIDC_ROLE_MAP), or the existing user / OIDC_DEFAULT_ROLE.
        const claims = (profile ?? {}) as Record<string, unknown>;
        const result = await syncOidcUser({
          email: user.email,
          name: user.name,
          emailVerified: claims.email_verified,
          groups: claims[env().OIDC_GROUPS_CLAIM],
        });
        if (result.ok) return true;
        return result.error === "NoMappedGroup" ? "/login?error=NoMappedGroup" : false;
      },
      async jwt({ token, user, account }) {
        if (user) {
          // Sign-in: the JWT names its server-side session row, which sign-out revokes.
          const row = await db().user.findUnique({ where: { email: (user.email ?? "").toLowerCase() } });
          if (row) {
            token.uid = row.id;
            token.sv = row.sessionVersion;
            token.sid = (await startSession({ userId: row.id })).id;
          }
          if (account) token.provider = account.provider;
        }
        return token;
      },
      // Every next-auth path that accepts the cookie (getServerSession, /api/auth/session) checks the
      // session row and the user here; a session that is over answers as signed out.
      async session({ session, token }) {
        const currentUser = await findSessionUser({ uid: token.uid, sv: token.sv, sid: token.sid });
        if (!currentUser) return {} as typeof session;
        return { ...session, uid: currentUser.id, currentUser } as typeof session;
      },
      // After sign-in and sign-out: only a path on this site (lib/auth/safe-callback-path.ts).
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        await endSession({ sid: token?.sid });
      },
    },
  };
}
