// Started by Playwright's webServer: a fresh embedded Postgres in a temp dir and the real Warden server
// (production build) on E2E_PORT. Writes the database URL where the specs' fixtures can read it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { freePort, startAppServer } from "../../tests/support/app-server";
import { E2E_OIDC_ROLE_MAP, OIDC_CLIENT, startOidcProvider } from "./oidc-provider";
import { stackFile } from "./stack-file";

const port = Number(process.env.E2E_PORT);
const dataDir = await mkdtemp(path.join(tmpdir(), "warden-e2e-"));
const pg = await startEmbeddedPostgres({ dataDir });
await applyMigrations(pg.url);
// A real OIDC provider for single sign-on (e2e/oidc.spec.ts), running before Warden's first discovery.
const oidcUsersFile = path.join(dataDir, "oidc-users.json");
const oidc = await startOidcProvider({ port: await freePort(), usersFile: oidcUsersFile, redirectUri: `http://127.0.0.1:${port}/api/auth/callback/oidc` });
await writeFile(stackFile(port), JSON.stringify({ databaseUrl: pg.url, oidc: { issuer: oidc.issuer, usersFile: oidcUsersFile } }));
const server = await startAppServer({
  databaseUrl: pg.url,
  port,
  name: "e2e",
  env: {
    WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next",
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: OIDC_CLIENT.id,
    OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    OIDC_SCOPE: "openid email profile groups",
    OIDC_ROLE_MAP: E2E_OIDC_ROLE_MAP,
    // Approval expiry warnings and escalation checked every second (e2e/approval-notifications.spec.ts).
    WARDEN_APPROVAL_NOTICE_INTERVAL_SECONDS: "1",
  },
});
console.log(`e2e stack ready at ${server.url}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await oidc.stop().catch(() => undefined);
  await pg.stop().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  await rm(stackFile(port), { force: true }).catch(() => undefined);
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
setInterval(() => undefined, 1 << 30);
