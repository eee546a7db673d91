import type { GatewayEvent } from "../call";

/** Thrown by the output guard to replace the result by a refusal (the output stage turns it into ctx.fail). */
export class OutputRefusal extends Error {
  constructor(
    readonly failure: { status: GatewayEvent["status"]; errorType: string; flags: string[]; outcome?: "deny" | "error" },
    message: string,
  ) {
    super(message);
  }
}
