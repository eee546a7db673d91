// The rug-pull alert: one live alert per tool whose approved definition changed (lib/alerts/raise-alert.ts).
export const toolChangedKey = (toolId: string) => `inventory:tool_changed:${toolId}`;

/** The tool's page comparing two versions (the alert's link). */
export function toolDiffLink(opts: { toolId: string; from: string | null; to: string }): string {
  const q = new URLSearchParams({ ...(opts.from ? { from: opts.from } : {}), to: opts.to });
  return `/tools/${opts.toolId}?${q.toString()}`;
}
