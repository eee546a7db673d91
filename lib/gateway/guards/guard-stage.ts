import { scanValue } from "../../guards/scan-value";
import type { Stage } from "../chain/stage";

// Stage "guards" (issue 17), right after the policy: the kill switch (a user, an agent or this whole gateway
// blocked from Warden's dashboard), then for tools/call the list stage's verdict on the tool (a hidden tool —
// pending, blocked or changed — is refused) and the params' scan. Its flags (and those the tool's own
// definition raised) go on the event before the approval stage, so approval rules on risk flags act on them.
// The params stored in the event were redacted when the event was created (redact-event-params.ts); the
// call itself, and an approval request's params hash, use the params as sent (Warden masks secrets in the
// reviewer's copy on arrival).

const STAGE = "guards";

export const guardStage: Stage = async (ctx, next) => {
  const { call, event } = ctx;
  const kill = ctx.policy?.policy.killSwitch;
  if (kill) {
    const who = kill.gateway
      ? "this gateway is blocked"
      : kill.users.includes(call.identity.userId)
        ? `user ${call.identity.userId} is blocked`
        : call.agent !== undefined && kill.agents.includes(call.agent)
          ? `agent ${call.agent} is blocked`
          : null;
    if (who) return ctx.fail({ stage: STAGE, status: "blocked", errorType: "kill_switch", flags: ["kill_switch"], message: `Warden's kill switch refused the call: ${who}.` });
  }
  const guards = ctx.deps.guards;
  if (!guards) {
    ctx.decide(STAGE, "skip", "no guards installed");
    return next();
  }

  const flags = new Set<string>();
  if (call.method === "tools/call" && guards.tools) {
    const access = await guards.tools.access(call.server, call.tool);
    if (access) {
      for (const f of access.flags) flags.add(f);
      if (!access.allowed) {
        return ctx.fail({ stage: STAGE, status: "blocked", errorType: access.errorType, flags: [access.flag, ...flags], message: `Warden Gateway refused the call: ${access.reason}` });
      }
    }
  }
  for (const f of scanValue({ value: call.params, where: "param" })) flags.add(f.flag);
  ctx.addFlags([...flags]);
  ctx.decide(STAGE, "allow", flags.size ? [...flags].join(",") : undefined);
  return next();
};
