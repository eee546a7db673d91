import { z } from "zod";
import { defineJob } from "../jobs/define-job";

// The gateways domain's jobs (listed in lib/jobs/all-jobs.ts). Handlers import lazily.

export const staleGatewaysJob = defineJob({
  id: "gateways.stale",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  handler: async () => {
    const { raiseStaleGatewayAlerts } = await import("./raise-stale-gateway-alerts");
    await raiseStaleGatewayAlerts();
  },
});
