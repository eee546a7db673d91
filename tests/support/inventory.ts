import { setServerTrustPolicy } from "../../lib/inventory/set-server-trust-policy";
import type { TrustPolicy } from "../../lib/inventory/schema";

/**
 * Sets a server's trust policy in Warden's tool inventory (tests that need a gateway to show a server's
 * tools set `trust-on-first-use` or `open` for it; the default is `review`: hidden until approved).
 */
export async function setTestServerTrust(server: string, trustPolicy: TrustPolicy | null): Promise<void> {
  await setServerTrustPolicy({ server, input: { trustPolicy }, actor: { email: "tests" } });
}
