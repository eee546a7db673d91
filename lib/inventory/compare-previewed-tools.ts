import type { ErrorIssue } from "../http/errors";
import type { PreviewedTool, RedecidedTool, ToolStatus } from "./schema";

/** A known tool as it is now, to name it in a difference. */
export interface CurrentTool {
  server: string;
  name: string;
  status: ToolStatus | null;
  currentFingerprint: string;
}

const label = (status: ToolStatus | null) => status ?? "unreviewed";

/**
 * What a trust-policy change would move now (`changes`, lib/inventory/redecide-tools.ts) against what the
 * person confirmed (`previewed`: the dry run's list sent back, lib/inventory/schema.ts#PreviewedTool), as
 * the issues of a 409, one per difference, each naming the field and the tool (`tools`: the tools concerned,
 * by id, as they are now). Empty when the change would move exactly the previewed tools, at the previewed
 * versions, from and to the previewed statuses — the only case in which it applies (pure).
 */
export function comparePreviewedTools(opts: { previewed: PreviewedTool[]; changes: RedecidedTool[]; tools: ReadonlyMap<string, CurrentTool> }): ErrorIssue[] {
  const changes = new Map(opts.changes.map((c) => [c.id, c]));
  const listed = new Set<string>();
  const issues = opts.previewed.flatMap((p, i): ErrorIssue[] => {
    const at = `previewed[${i}]`;
    const tool = opts.tools.get(p.id);
    const name = tool ? `${tool.server}/${tool.name}` : p.id;
    if (listed.has(p.id)) return [{ path: `${at}.id`, message: `${name} is listed twice` }];
    listed.add(p.id);
    if (!tool) return [{ path: `${at}.id`, message: `no tool ${p.id}` }];
    if (tool.currentFingerprint !== p.fingerprint) return [{ path: `${at}.fingerprint`, message: `${name} was reported at a new version since the preview` }];
    if (tool.status !== p.from) return [{ path: `${at}.from`, message: `${name} is ${label(tool.status)} now, not ${label(p.from)}` }];
    const change = changes.get(p.id);
    if (!change) return [{ path: `${at}.to`, message: `${name} would not change status now` }];
    if (change.to !== p.to) return [{ path: `${at}.to`, message: `${name} would become ${label(change.to)}, not ${label(p.to)}` }];
    return [];
  });
  for (const c of opts.changes) {
    if (!listed.has(c.id)) issues.push({ path: "previewed", message: `${c.server}/${c.tool} would also change (${label(c.from)} → ${label(c.to)}) and was not in the preview` });
  }
  return issues;
}
