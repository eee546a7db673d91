import { describe, expect, it } from "vitest";
import { comparePreviewedTools, type CurrentTool } from "./compare-previewed-tools";
import type { RedecidedTool } from "./schema";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"];

const tools = new Map<string, CurrentTool>([
  [ids[0], { server: "wiki", name: "search", status: "pending", currentFingerprint: A }],
  [ids[1], { server: "wiki", name: "edit", status: null, currentFingerprint: A }],
  [ids[2], { server: "mail", name: "send", status: "approved", currentFingerprint: A }],
]);
const change = (i: number, from: RedecidedTool["from"], to: RedecidedTool["to"]): RedecidedTool => ({ id: ids[i], server: tools.get(ids[i])!.server, tool: tools.get(ids[i])!.name, from, to, fingerprint: A });
const sent = ({ id, fingerprint, from, to }: RedecidedTool) => ({ id, fingerprint, from, to });

describe("a trust-policy change confirmed against its preview", () => {
  it("applies (no issue) when it would move exactly the previewed tools, in any order", () => {
    const changes = [change(0, "pending", "approved"), change(1, null, "approved")];
    expect(comparePreviewedTools({ previewed: [...changes].reverse().map(sent), changes, tools })).toEqual([]);
    expect(comparePreviewedTools({ previewed: [], changes: [], tools })).toEqual([]);
  });

  it("names each difference by its field: a new version, a status someone changed, a move the policy no longer makes, a tool not previewed, an unknown or repeated id", () => {
    const changes = [change(0, "pending", "approved"), change(1, null, "pending")];
    const previewed = [
      { ...sent(changes[0]), fingerprint: B },
      { ...sent(changes[1]), to: "approved" as const },
      { id: ids[2], fingerprint: A, from: "pending" as const, to: "approved" as const },
      { id: "00000000-0000-4000-8000-00000000000f", fingerprint: A, from: null, to: "approved" as const },
      { ...sent(changes[1]) },
    ];
    expect(comparePreviewedTools({ previewed, changes, tools })).toEqual([
      { path: "previewed[0].fingerprint", message: "wiki/search was reported at a new version since the preview" },
      { path: "previewed[1].to", message: "wiki/edit would become pending, not approved" },
      { path: "previewed[2].from", message: "mail/send is approved now, not pending" },
      { path: "previewed[3].id", message: "no tool 00000000-0000-4000-8000-00000000000f" },
      { path: "previewed[4].id", message: "wiki/edit is listed twice" },
    ]);
    expect(comparePreviewedTools({ previewed: [{ id: ids[2], fingerprint: A, from: "approved", to: "approved" }], changes: [change(0, "pending", "approved")], tools })).toEqual([
      { path: "previewed[0].to", message: "mail/send would not change status now" },
      { path: "previewed", message: "wiki/search would also change (pending → approved) and was not in the preview" },
    ]);
  });
});
