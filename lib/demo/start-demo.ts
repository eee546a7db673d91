import "server-only";
import { log } from "../log";
import { seedDemo } from "./seed-demo";
import { startLiveTraffic } from "./start-live-traffic";

/**
 * The living demo (server.ts decides whether it runs): seeds 30 days of history into an empty database,
 * then keeps a demo gateway sending live traffic through the real API. A failure never stops Warden.
 */
export async function startDemo(opts: { baseUrl: string }): Promise<{ stop: () => Promise<void> }> {
  try {
    const seed = await seedDemo();
    if (seed.seeded) log.info({ events: seed.events, seconds: Math.round(seed.ms / 100) / 10 }, "demo: 30 days of history seeded");
    else log.info("demo: the database already holds events; not seeding");
  } catch (err) {
    log.error({ err: String(err) }, "demo: seeding failed");
  }
  try {
    return await startLiveTraffic(opts);
  } catch (err) {
    log.error({ err: String(err) }, "demo: live traffic could not start");
    return { stop: async () => undefined };
  }
}
