// The guards' heavy rule sets, in a worker thread (node:worker_threads) so they never block a caller's event
// loop: agent-threat-rules (ATR, MIT; ~800 YAML rules, its own engine) and secretlint's recommended preset
// (asynchronous API). Plain JavaScript so it starts the same way under tsx, Next's server and plain node.
// Runs as a worker thread (parentPort) or as a child process (process.send, lane in WARDEN_HEAVY_LANE): the
// gateway runs it as a child so it can lower its CPU priority (lib/gateway/guards/fork-heavy-worker.ts).
// Messages in: { id, where: "tool_description" | "param" | "tool_output", text }.
// Messages out: { id, findings: HeavyFinding[], ms } or { id, error }; one { ready: { rules } } after loading.
// lib/guards/heavy/create-heavy-scanner.ts is the client; docs/guards.md "Two speeds" the design.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parentPort, workerData } from "node:worker_threads";

const { ATREngine } = await import("agent-threat-rules");
const { lintSource } = await import("@secretlint/core");
const { creator: secretlintPreset } = await import("@secretlint/secretlint-rule-preset-recommend");

const MAX_TEXT = 64 * 1024; // the heavy rules read the first 64 KiB of a text
const lane = workerData?.lane ?? process.env.WARDEN_HEAVY_LANE ?? "alert";
/** The channel to the client: the thread's port, or the child process's IPC. */
const port = parentPort ?? { postMessage: (m) => process.send?.(m), on: (ev, fn) => process.on(ev, fn) };
if (!parentPort) process.on("disconnect", () => process.exit(0)); // the client is gone
// The package exports only its modules: its rules folder sits beside dist/ (dist/index.js → ../rules).
const rulesDir = path.join(path.dirname(fileURLToPath(import.meta.resolve("agent-threat-rules"))), "..", "rules");
const engine = new ATREngine({ rulesDir, lane });
const rules = await engine.loadRules();
port.postMessage({ ready: { rules } });

/** The ATR event for a text from `where` (the shape ATR's own test harness builds for that field). */
function atrEvent(where, text) {
  const timestamp = new Date().toISOString();
  if (where === "param") return { type: "tool_call", timestamp, content: text, fields: { tool_args: text, tool_name: "" } };
  // Description rules are tool_call rules on the tool_description field; an empty tool_args keeps the engine
  // from reading the description as arguments (its command-injection rules).
  if (where === "tool_description") return { type: "tool_call", timestamp, content: text, fields: { tool_description: text, tool_args: "", tool_name: "" } };
  return { type: "tool_response", timestamp, content: text, fields: { tool_response: text, tool_name: "" } };
}

/** The ATR categories about injected instructions and poisoning (what the guards flag); others — e.g.
 * excessive-autonomy's "destructive tool" rules — fire on ordinary tools such as delete_entities. */
const CATEGORIES = new Set(["prompt-injection", "tool-poisoning", "context-exfiltration", "agent-manipulation", "skill-compromise"]);
/** On tool descriptions, ATR's lowest-confidence matches (0.72: e.g. ATR-2026-00063, -00118) fired on benign
 * descriptions in the eval (tests/fixtures/guards) and added no recall there: they are not reported. */
const MIN_CONFIDENCE = { tool_description: 0.73, param: 0, tool_output: 0 };
const FLAG_BY_CATEGORY = { "tool-poisoning": "tool_poisoning", "context-exfiltration": "exfiltration_request" };

async function scan(where, text) {
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const findings = [];
  for (const m of engine.evaluate(atrEvent(where, t))) {
    const category = m.rule.tags?.category ?? "unknown";
    if (!CATEGORIES.has(category) || m.confidence < (MIN_CONFIDENCE[where] ?? 0)) continue;
    findings.push({
      flag: "prompt_injection",
      category: FLAG_BY_CATEGORY[category] ?? category.replace(/-/g, "_"),
      severity: ["low", "medium", "high", "critical"].includes(m.rule.severity) ? m.rule.severity : "medium",
      rule: `atr.${m.rule.id}`,
      message: `agent-threat-rules ${m.rule.id}: ${String(m.rule.title ?? "").slice(0, 200)}`,
      confidence: m.confidence,
    });
  }
  const lint = await lintSource({
    source: { filePath: "/guards/heavy.txt", content: t, ext: ".txt", contentType: "text" },
    options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: secretlintPreset }] }, maskSecrets: true },
  });
  for (const msg of lint.messages) {
    findings.push({
      flag: "secret_detected",
      category: "secret",
      severity: "high",
      rule: `secretlint.${msg.ruleId}`,
      message: `secretlint ${msg.ruleId}: ${String(msg.message).slice(0, 200)}`,
      start: msg.range?.[0],
      end: msg.range?.[1],
    });
  }
  return findings;
}

// One text at a time, in arrival order: `ms` is then the text's own cost.
const queue = [];
let busy = false;
port.on("message", (msg) => {
  queue.push(msg);
  if (!busy) void drain();
});

async function drain() {
  busy = true;
  while (queue.length) {
    const { id, where, text } = queue.shift();
    const started = performance.now();
    try {
      const findings = await scan(where, text);
      port.postMessage({ id, findings, ms: performance.now() - started });
    } catch (err) {
      port.postMessage({ id, error: String(err?.message ?? err) });
    }
  }
  busy = false;
}
