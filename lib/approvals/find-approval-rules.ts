import "server-only";
import { db } from "../db";
import { approvalRuleView, type ApprovalRuleView } from "./approval-rule-view";
import { sortRules } from "./match-approval-rule";

/** GET /api/approval-rules: every rule, in the order they are tried. */
export async function findApprovalRules(): Promise<ApprovalRuleView[]> {
  return sortRules(await db().approvalRule.findMany()).map(approvalRuleView);
}
