import { randomUUID } from "node:crypto";
import { hashParams } from "../approvals/hash-params";
import type { CreateApprovalBody } from "../approvals/schema";
import { DEMO_APPROVAL_SCENARIOS, type DemoApprovalScenario } from "./demo-approval-catalog";
import { DEMO_TOOLS, DEMO_USERS, weighted, type DemoTool, type DemoUser } from "./demo-catalog";

export interface DemoApprovalCall {
  request: CreateApprovalBody;
  scenario: DemoApprovalScenario;
  tool: DemoTool;
  user: DemoUser;
  /** False when the agent's justification does not serve the person's goal: a reviewer should deny. */
  fits: boolean;
}

/** One risky call the demo gateway holds for a person: a scenario, a person who would make it, a story. */
export function makeDemoApprovalRequest(rnd: () => number, opts: { mismatchShare?: number } = {}): DemoApprovalCall {
  const scenario = weighted(DEMO_APPROVAL_SCENARIOS, (s) => s.weight, rnd);
  const tool = DEMO_TOOLS.find((t) => t.server === scenario.server && t.tool === scenario.tool)!;
  const people = scenario.teams ? DEMO_USERS.filter((u) => scenario.teams!.includes(u.team)) : DEMO_USERS;
  const user = weighted(people, (u) => u.weight, rnd);
  const fits = rnd() >= (opts.mismatchShare ?? 0.2);
  const stories = fits ? scenario.fitting : scenario.mismatched;
  const { params, story } = stories[Math.floor(rnd() * stories.length)];
  const cost = scenario.costUsd ? Math.round((scenario.costUsd[0] + rnd() * (scenario.costUsd[1] - scenario.costUsd[0])) * 100) / 100 : undefined;
  const riskScore = Math.min(99, Math.max(1, Math.round(scenario.riskScore + (fits ? 0 : 20) + (rnd() - 0.5) * 10)));
  return {
    scenario,
    tool,
    user,
    fits,
    request: {
      requestId: `demo-${randomUUID()}`,
      server: scenario.server,
      tool: scenario.tool,
      params,
      paramsHash: hashParams(params),
      userId: user.userId,
      team: user.team,
      agent: user.agent,
      sessionId: `sess-${user.userId.split("@")[0]}-${Math.floor(Date.now() / 3_600_000) % 1000}`,
      reason: scenario.reason,
      justification: story.justification,
      userGoal: story.userGoal,
      riskScore,
      riskFlags: scenario.riskFlags ?? [],
      estimatedCostUsd: cost,
    },
  };
}
