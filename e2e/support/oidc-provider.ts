// A real OpenID Connect provider for the e2e stack (the `oidc-provider` package, certified OP), on
// 127.0.0.1. Its built-in development login form accepts any password: the login name is the account.
// Accounts and their groups are read from `usersFile` at each sign-in, so a spec changes someone's groups
// by rewriting the file (writeOidcUsers) and the change shows at that person's next sign-in.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import Provider from "oidc-provider";

export interface OidcTestUser {
  email: string;
  name?: string;
  groups: string[];
  emailVerified?: boolean;
}

// The e2e stack's Warden maps these IdP groups to roles (OIDC_ROLE_MAP).
export const E2E_OIDC_ROLE_MAP = "warden-reviewers=reviewer,warden-admins=admin,warden-managers=manager";

export const OIDC_CLIENT = { id: "warden-e2e", secret: "warden-e2e-client-secret-0123456789" };

export function writeOidcUsers(usersFile: string, users: Record<string, OidcTestUser>): void {
  writeFileSync(usersFile, JSON.stringify(users, null, 2));
}

function readOidcUsers(usersFile: string): Record<string, OidcTestUser> {
  return JSON.parse(readFileSync(usersFile, "utf8")) as Record<string, OidcTestUser>;
}

export async function startOidcProvider(opts: { port: number; usersFile: string; redirectUri: string }) {
  const issuer = `http://127.0.0.1:${opts.port}`;
  writeOidcUsers(opts.usersFile, {});
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [opts.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    scopes: ["openid", "email", "profile", "groups"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Real IdPs put these claims in the ID token, which is where next-auth reads them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["warden-e2e-oidc-cookie-key-0123456789"] },
    // First-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const user = readOidcUsers(opts.usersFile)[sub];
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: user.email, email_verified: user.emailVerified ?? true, name: user.name, groups: user.groups };
        },
      };
    },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
