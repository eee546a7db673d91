import { redactValue } from "../../guards/redact-value";
import { scanValue } from "../../guards/scan-value";
import type { OutputStage } from "../chain/stage";
import type { GatewayConfig } from "../config/schema";
import { fenceOutput } from "./fence-output";
import { holdOutput } from "./hold-output";
import { OutputRefusal } from "./output-refusal";
import { resolveOutputModes } from "./resolve-output-modes";
import type { HeavyOutputQueue } from "./create-heavy-output-queue";
import { heavyOutputText } from "./heavy-output-text";

// The output stage's hook (issue 17): what a tool, resource or prompt returns is checked before the client
// sees it. First secrets and PII (`dlp`: off | detect | redact | block, default redact), then injected
// instructions in the (redacted) output (`injection`: flag | fence | hold | block, default fence). Every
// finding is a risk flag on the event. Modes come from the gateway config's `guards` block, per
// "server/tool" glob, over `guards.outputs`. Server→client requests' answers (sampling, elicitation) go to
// the server, not the model, and pass through.

type Guards = GatewayConfig["guards"];

const REDACTION_FLAGS = new Set(["secret_redacted", "pii_redacted"]);

export function createOutputGuard(o: {
  guards: Pick<Guards, "outputs" | "tools">;
  /** The heavy rules' queue (docs/guards.md "Two speeds"): a returned output (tools/call, resources/read, prompts/get) is queued after the hook returns. */
  heavy?: Pick<HeavyOutputQueue, "enqueue">;
}): OutputStage {
  return async (call, result, ctx) => {
    if (call.method === "sampling/createMessage" || call.method === "elicitation/create") return { result, flags: [] };
    const modes = resolveOutputModes(o.guards, call.server, call.tool);
    const what = `${call.server}/${call.tool}`;
    const flags = new Set<string>();
    let out = result;

    if (modes.dlp !== "off") {
      const redacted = redactValue({ value: result });
      for (const r of redacted.redactions) flags.add(r.flag);
      if (redacted.redactions.length) {
        if (modes.dlp === "block") {
          const kinds = [...new Set(redacted.redactions.map((r) => r.kind))].join(", ");
          throw new OutputRefusal({ status: "blocked", errorType: "output_blocked", flags: [...flags] }, `Warden Gateway blocked the output of ${what}: it contains ${kinds}.`);
        }
        if (modes.dlp === "redact") out = redacted.value;
      }
    }

    const findings = scanValue({ value: out, where: "tool_output" }).filter((f) => !REDACTION_FLAGS.has(f.flag));
    const returned = out; // redacted, not fenced: the heavy rules read what the tool said
    if (findings.length) {
      const found = [...new Set(findings.map((f) => f.flag))];
      for (const f of found) flags.add(f);
      if (modes.injection === "block")
        throw new OutputRefusal({ status: "blocked", errorType: "output_blocked", flags: [...flags] }, `Warden Gateway blocked the output of ${what}: ${findings[0]!.message} (${found.join(", ")}).`);
      if (modes.injection === "fence") out = fenceOutput({ result: out, source: what, flags: found });
      if (modes.injection === "hold") {
        if (!ctx) throw new Error("hold needs the call's context");
        ctx.addFlags([...flags]);
        await holdOutput({ ctx, output: out, findings, flags: [...flags] });
      }
    }
    // Off the call's path: text extraction, hashing and the scan happen after the answer has left.
    const heavy = o.heavy;
    if (heavy && ctx) {
      const { id: eventId } = ctx.event;
      setImmediate(() => {
        const text = heavyOutputText(returned);
        if (text) heavy.enqueue({ eventId, server: call.server, tool: call.tool, text });
      });
    }
    return { result: out, flags: [...flags] };
  };
}
