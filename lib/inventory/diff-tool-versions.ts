import { diffLines } from "diff";
import microdiff from "microdiff";

export interface DescriptionChange {
  kind: "added" | "removed" | "same";
  text: string;
}

export interface FieldChange {
  /** JSON pointer inside the definition, e.g. /inputSchema/properties/path/description */
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/**
 * What changed between two versions of a tool: a line diff of the description (library `diff`) and a
 * structural diff of everything else the model reads — name, title, input and output schemas,
 * annotations (library `microdiff`), as JSON pointers. Pure; the tool's page renders it.
 */
export function diffToolVersions(opts: { from: Record<string, unknown>; to: Record<string, unknown> }): { description: DescriptionChange[]; fields: FieldChange[] } {
  const text = (d: Record<string, unknown>) => (typeof d.description === "string" ? d.description : "");
  const description = diffLines(text(opts.from), text(opts.to)).map((p) => ({ kind: p.added ? ("added" as const) : p.removed ? ("removed" as const) : ("same" as const), text: p.value }));
  const rest = (d: Record<string, unknown>) => {
    const { description: _d, ...others } = d;
    return others;
  };
  const fields = microdiff(rest(opts.from), rest(opts.to)).map((c) => ({
    path: `/${c.path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`,
    kind: c.type === "CREATE" ? ("added" as const) : c.type === "REMOVE" ? ("removed" as const) : ("changed" as const),
    ...(c.type !== "CREATE" ? { before: c.oldValue } : {}),
    ...(c.type !== "REMOVE" ? { after: c.value } : {}),
  }));
  return { description, fields };
}
