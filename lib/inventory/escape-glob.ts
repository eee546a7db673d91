// An exact name as a glob of lib/approvals/glob-match.ts (its metacharacters `* ? { } , \` escaped), for
// the policy's blockedTools and the approval rules Warden keeps for one server/tool. Pure.
export function escapeGlob(name: string): string {
  return name.replace(/[\\*?{},[\]]/g, (c) => `\\${c}`);
}
