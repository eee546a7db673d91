import { globMatch } from "../../approvals/glob-match";
import { resolveToolSettings } from "./resolve-tool-settings";
import type { Stage } from "./stage";

// Stage "policy": the call is checked against the last good policy (from Warden, or its disk copy). No
// policy at all — never fetched and no disk copy — refuses everything (fail closed). A blocked tool is
// refused with Warden's reason. The tool's settings (cost, timeout, rate limit) are resolved here.

export const policyStage: Stage = async (ctx, next) => {
  const snapshot = ctx.deps.policy.current();
  if (!snapshot) {
    return ctx.fail({
      stage: "policy",
      status: "blocked",
      errorType: "warden_unavailable",
      message: "Warden Gateway refused the call: it has no policy yet (Warden has not been reached and no saved copy exists), so it runs nothing.",
    });
  }
  ctx.policy = snapshot;
  const { call } = ctx;
  const blocked = snapshot.policy.blockedTools.find((b) => globMatch(b.serverPattern, call.server) && globMatch(b.toolPattern, call.tool));
  if (blocked) {
    return ctx.fail({
      stage: "policy",
      status: "blocked",
      errorType: "policy_blocked",
      flags: ["policy_blocked"],
      message: `Warden policy blocks ${call.server}/${call.tool}${blocked.reason ? `: ${blocked.reason}` : "."}`,
    });
  }
  ctx.settings = resolveToolSettings({ policy: snapshot.policy, config: ctx.deps.config, server: call.server, tool: call.tool });
  const age = Math.round((Date.now() - snapshot.fetchedAt.getTime()) / 1000);
  ctx.decide("policy", "allow", `policy ${snapshot.etag ?? "(no etag)"} from ${snapshot.source}, ${age}s old`);
  return next();
};
