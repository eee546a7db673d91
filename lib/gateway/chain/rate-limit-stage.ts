import type { Stage } from "./stage";

// Stage "rate_limit": local token buckets per user and tool (the tool's `rateLimitPerMinute` from the
// policy or the config: calls per minute per user of that tool, as Warden defines it) and per user across
// all tools (the config's `rateLimits.perUserPerMinute`). A refused call is not run: an MCP error result,
// status "blocked", flag and errorType "rate_limited".

export const rateLimitStage: Stage = async (ctx, next) => {
  const { call, deps } = ctx;
  if (call.hold?.resumed) {
    ctx.decide("rate_limit", "skip", "resumes an approval hold: counted in its first round");
    return next();
  }
  const checks: { key: string; perMinute: number | null | undefined; what: string }[] = [
    { key: `tool\u0000${call.identity.userId}\u0000${call.server}\u0000${call.tool}`, perMinute: ctx.settings.rateLimitPerMinute, what: `${call.server}/${call.tool} per user` },
    { key: `user\u0000${call.identity.userId}`, perMinute: deps.config.rateLimits?.perUserPerMinute, what: `user ${call.identity.userId}` },
  ];
  const applied = checks.filter((c) => typeof c.perMinute === "number" && c.perMinute > 0);
  if (applied.length === 0) {
    ctx.decide("rate_limit", "skip", "no limit");
    return next();
  }
  for (const c of applied) {
    const perMinute = c.perMinute as number;
    if (!deps.buckets.take(c.key, perMinute)) {
      const retry = deps.buckets.retryAfterSeconds(c.key, perMinute);
      return ctx.fail({
        stage: "rate_limit",
        status: "blocked",
        errorType: "rate_limited",
        flags: ["rate_limited"],
        message: `Rate limit reached for ${c.what} (${perMinute} calls per minute); try again in ${retry} s.`,
      });
    }
  }
  ctx.decide("rate_limit", "allow", applied.map((c) => `${c.what} ≤ ${c.perMinute}/min`).join("; "));
  return next();
};
