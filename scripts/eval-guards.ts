// npm run eval:guards — runs Warden's fast guards (lib/guards) over the labelled corpus in
// tests/fixtures/guards/ and prints precision/recall per `where`, per source and per category, the
// false-positive rate on benign tool descriptions (the reference servers' real tools/list included, fetched
// live from server-everything, server-memory and server-filesystem over stdio with the SDK Client),
// redaction span recall and over-redaction, and the fast path's throughput and p99 per 4 KB.
// Every corpus item names its source and licence (docs/guards.md "Evaluation").
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { createHeavyScanner } from "../lib/guards/heavy/create-heavy-scanner";
import { redactValue } from "../lib/guards/redact-value";
import { scanText } from "../lib/guards/scan-text";
import { scanValue } from "../lib/guards/scan-value";
import type { Finding, Where } from "../lib/guards/types";

const DIR = path.resolve("tests/fixtures/guards");
const INJECTION_FLAGS = new Set(["prompt_injection", "tool_shadowing", "hidden_unicode", "ansi_escape", "encoded_payload", "exfiltration_link"]);

interface InjectionItem {
  id: string;
  where: Where;
  label: "injection" | "benign";
  category: string;
  text: string;
  source: string;
  license: string;
}
interface DlpItem {
  id: string;
  category: string;
  text: string;
  spans: { start: number; end: number; category: "secret" | "pii" }[];
  source: string;
  license: string;
}

const load = <T>(file: string): T[] => (JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as { items: T[] }).items;
const flagged = (findings: Finding[]) => findings.some((f) => INJECTION_FLAGS.has(f.flag));

class Tally {
  tp = 0;
  fp = 0;
  fn = 0;
  tn = 0;
  add(truth: boolean, predicted: boolean) {
    if (truth && predicted) this.tp++;
    else if (truth) this.fn++;
    else if (predicted) this.fp++;
    else this.tn++;
  }
  row(name: string) {
    const p = this.tp + this.fp ? this.tp / (this.tp + this.fp) : NaN;
    const r = this.tp + this.fn ? this.tp / (this.tp + this.fn) : NaN;
    const fpr = this.fp + this.tn ? this.fp / (this.fp + this.tn) : NaN;
    return `| ${name} | ${this.tp + this.fn} | ${this.fp + this.tn} | ${fmt(p)} | ${fmt(r)} | ${fmt(fpr)} |`;
  }
}
const fmt = (n: number) => (Number.isNaN(n) ? "–" : n.toFixed(3));
const group = (map: Map<string, Tally>, key: string) => {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
};

interface RedactionTally {
  spans: number;
  covered: number;
  perCat: Map<string, { spans: number; covered: number }>;
  outsideChars: number;
  unlabelledChars: number;
  missed: string[];
  overRedacted: string[];
}

/** Span recall (≥ 90 % of a labelled span removed) and over-redaction (chars removed outside labelled spans). */
function measureRedaction(items: DlpItem[], groupOf: (item: DlpItem, category: string) => string = (_i, c) => c): RedactionTally {
  const t: RedactionTally = { spans: 0, covered: 0, perCat: new Map(), outsideChars: 0, unlabelledChars: 0, missed: [], overRedacted: [] };
  for (const item of items) {
    const { redactions } = redactValue({ value: item.text });
    const removed = new Uint8Array(item.text.length);
    for (const r of redactions) for (let i = r.start; i < r.end; i++) removed[i] = 1;
    const labelled = new Uint8Array(item.text.length);
    for (const s of item.spans) {
      for (let i = s.start; i < s.end; i++) labelled[i] = 1;
      let c = 0;
      for (let i = s.start; i < s.end; i++) c += removed[i];
      const ok = c >= (s.end - s.start) * 0.9;
      t.spans++;
      if (ok) t.covered++;
      else t.missed.push(`${item.id} ${s.category}: ${JSON.stringify(item.text.slice(s.start, s.end).slice(0, 60))}`);
      const key = groupOf(item, s.category);
      const pc = t.perCat.get(key) ?? { spans: 0, covered: 0 };
      pc.spans++;
      if (ok) pc.covered++;
      t.perCat.set(key, pc);
    }
    let over = 0;
    for (let i = 0; i < item.text.length; i++) {
      if (!labelled[i]) t.unlabelledChars++;
      if (removed[i] && !labelled[i]) over++;
    }
    t.outsideChars += over;
    if (over) t.overRedacted.push(`${item.id}: ${over} chars — ${JSON.stringify(item.text.slice(0, 80))}`);
  }
  return t;
}

function printRedaction(t: RedactionTally, title: string) {
  console.log(`${title}, ${t.spans} labelled spans\n`);
  console.log("| measure | value |\n| --- | ---: |");
  console.log(`| span recall (≥90 % of the span removed) | ${fmt(t.covered / t.spans)} |`);
  for (const [k, v] of [...t.perCat].sort()) console.log(`| span recall · ${k} | ${fmt(v.covered / v.spans)} (${v.covered}/${v.spans}) |`);
  console.log(`| over-redaction (chars removed outside labelled spans / unlabelled chars) | ${((100 * t.outsideChars) / t.unlabelledChars).toFixed(2)} % |`);
  if (t.missed.length) console.log(`\nMissed spans:\n${t.missed.map((s) => `  - ${s}`).join("\n")}`);
  if (t.overRedacted.length) console.log(`\nOver-redacted:\n${t.overRedacted.map((s) => `  - ${s}`).join("\n")}`);
}

async function referenceTools(): Promise<{ server: string; tool: Record<string, unknown> }[]> {
  const nm = (p: string) => path.resolve("node_modules/@modelcontextprotocol", p);
  const dir = await mkdtemp(path.join(tmpdir(), "eval-guards-"));
  const servers: { server: string; args: string[]; env: Record<string, string> }[] = [
    { server: "everything", args: [nm("server-everything/dist/index.js"), "stdio"], env: {} },
    { server: "memory", args: [nm("server-memory/dist/index.js")], env: { MEMORY_FILE_PATH: path.join(dir, "memory.jsonl") } },
    { server: "filesystem", args: [nm("server-filesystem/dist/index.js"), dir], env: {} },
  ];
  const out: { server: string; tool: Record<string, unknown> }[] = [];
  try {
    for (const s of servers) {
      const transport = new StdioClientTransport({ command: process.execPath, args: s.args, env: { PATH: process.env.PATH ?? "", ...s.env }, stderr: "ignore" });
      const client = new Client({ name: "eval-guards", version: "1.0.0" });
      await client.connect(transport);
      const { tools } = await client.listTools();
      for (const tool of tools) out.push({ server: s.server, tool: tool as unknown as Record<string, unknown> });
      await client.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measureSpeed(texts: string[], title: string) {
  // Speed of the fast path: what the gateway's output stage runs on a result (scan + redact), per 4 KB.
  const chunks: string[] = [];
  let buf = "";
  for (const t of texts) {
    buf += `${t}\n`;
    if (buf.length >= 4096) {
      chunks.push(buf.slice(0, 4096));
      buf = buf.slice(4096);
    }
  }
  const run = (chunk: string) => {
    const value = { content: [{ type: "text", text: chunk }] };
    scanValue({ value, where: "tool_output" });
    redactValue({ value });
  };
  // Warm up until the optimising compiler has done its work (on a loaded machine its background thread is
  // slow to get a core: the first passes run unoptimised code), then REPS runs of every chunk.
  for (let pass = 0; pass < 30; pass++) for (const c of chunks) run(c);
  // CPU time of this process per call (process.cpuUsage: time waiting for a core on a shared machine is not
  // counted, but the process's other threads are: GC and the compiler) and wall time. Per chunk, the median
  // CPU time of its REPS runs is the figure the target is read against: what one 4 KB output costs; every
  // run's raw times are printed beside it.
  const REPS = 15;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const perChunk: number[][] = chunks.map(() => []);
  const cpuTimes: number[] = [];
  const wallTimes: number[] = [];
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let rep = 0; rep < REPS; rep++) {
    chunks.forEach((c, i) => {
      const s = performance.now();
      const sc = cpuMs();
      run(c);
      const spent = cpuMs() - sc;
      const wall = performance.now() - s;
      perChunk[i].push(spent);
      cpuTimes.push(spent);
      wallTimes.push(wall);
    });
  }
  const totalCpu = cpuMs() - c0;
  const totalWall = performance.now() - t0;
  const median = perChunk.map((runs) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]).sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  wallTimes.sort((a, b) => a - b);
  const mb = (chunks.length * REPS * 4096) / 1e6;
  const medianMb = (chunks.length * 4096) / 1e6 / (median.reduce((a, b) => a + b, 0) / 1000);
  console.log(`\n${title} (scanValue + redactValue of a 4 KB text content block: ${chunks.length} chunks × ${REPS} runs after warm-up)\n`);
  console.log("| measure | CPU per chunk, median of its runs | every run, CPU | every run, wall |\n| --- | ---: | ---: | ---: |");
  console.log(`| throughput | ${medianMb.toFixed(1)} MB/s | ${(mb / (totalCpu / 1000)).toFixed(1)} MB/s | ${(mb / (totalWall / 1000)).toFixed(1)} MB/s |`);
  for (const p of [50, 90, 99]) console.log(`| p${p} per 4 KB | ${percentile(median, p).toFixed(3)} ms | ${percentile(cpuTimes, p).toFixed(3)} ms | ${percentile(wallTimes, p).toFixed(3)} ms |`);
  console.log(`| max per 4 KB | ${median[median.length - 1].toFixed(3)} ms | ${cpuTimes[cpuTimes.length - 1].toFixed(3)} ms | ${wallTimes[wallTimes.length - 1].toFixed(3)} ms |`);
  console.log(`(load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).availableParallelism()} cores while measuring)`);

}

/**
 * The held-out set (tests/fixtures/guards/holdout/, issue 17: "a separate held-out set … aim for the general
 * case"): public material the rules were not written against — other scanners' poisoned tools and test
 * prompts, a popular MCP server's real tools, security docs that talk about injection, other secret formats
 * and PII of several countries and brands. Printed in its own section; the main corpus figures above are
 * unchanged by it.
 */
async function evaluateHeldOut(): Promise<InjectionItem[]> {
  const items = load<InjectionItem>("holdout/injection.json");
  const tools = load<{ server: string; tool: Record<string, unknown>; source: string }>("holdout/benign-tools.json");
  const dlp = load<DlpItem>("holdout/dlp.json");
  const origin = (id: string) => id.split(":")[0];
  const byWhere = new Map<string, Tally>();
  const missed: string[] = [];
  const fps: string[] = [];
  for (const item of items) {
    const findings = scanText({ text: item.text, where: item.where });
    const predicted = flagged(findings);
    const truth = item.label === "injection";
    group(byWhere, `${item.where} · all`).add(truth, predicted);
    group(byWhere, `${item.where} · ${origin(item.id)}`).add(truth, predicted);
    if (item.category === "hard_negative_security_doc") group(byWhere, "tool_output · security docs about injection (hard negatives)").add(truth, predicted);
    if (truth && !predicted) missed.push(`${item.id} [${item.where}] ${JSON.stringify(item.text.slice(0, 110))}`);
    if (!truth && predicted) fps.push(`${item.id} [${item.where}] ${findings.find((f) => INJECTION_FLAGS.has(f.flag))!.rule}: ${JSON.stringify(item.text.slice(0, 110))}`);
  }
  const toolTally = new Tally();
  for (const { tool } of tools) {
    const findings = scanValue({ value: tool, where: "tool_description" }).filter((f) => INJECTION_FLAGS.has(f.flag));
    toolTally.add(false, findings.length > 0);
    if (findings.length) fps.push(`github-mcp-server/${String(tool.name)}: ${findings.map((f) => `${f.rule} at ${f.path}`).join(", ")}`);
  }
  const benign = new Tally();
  for (const item of items) if (item.where === "tool_description" && item.label === "benign") benign.add(false, flagged(scanText({ text: item.text, where: item.where })));
  benign.fp += toolTally.fp;
  benign.tn += toolTally.tn;

  console.log(`\n# Held-out set (tests/fixtures/guards/holdout/: ${items.length} injection-labelled texts, ${tools.length} real tool definitions, ${dlp.length} DLP texts)\n`);
  console.log("## Held-out · injection and poisoning (fast rules)\n");
  console.log("| set | positives | negatives | precision | recall | FP rate |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [k, t] of [...byWhere].sort()) console.log(t.row(k));
  console.log(toolTally.row(`github-mcp-server's tools (${tools.length}, whole definitions)`));
  console.log(benign.row("all held-out benign tool descriptions (+ github-mcp-server)"));
  // Redaction of benign texts that label nothing: documentation pages and real tool definitions. Personal data
  // a page really contains (a support address) is fine to remove; a secret kind here is over-redaction.
  const benignTexts = [...items.filter((i) => i.label === "benign").map((i) => ({ id: i.id, text: i.text })), ...tools.map((t) => ({ id: `github-mcp-server/${String(t.tool.name)}`, text: JSON.stringify(t.tool) }))];
  let benignChars = 0;
  const benignKinds = new Map<string, number>();
  const benignRedacted: string[] = [];
  for (const b of benignTexts) {
    const { redactions } = redactValue({ value: b.text });
    for (const r of redactions) {
      benignChars += r.end - r.start;
      benignKinds.set(r.kind, (benignKinds.get(r.kind) ?? 0) + 1);
      benignRedacted.push(`${b.id} ${r.kind}: ${JSON.stringify(b.text.slice(r.start, r.end).slice(0, 60))}`);
    }
  }
  const totalBenign = benignTexts.reduce((n, b) => n + b.text.length, 0);
  console.log(`\nRedactions in ${benignTexts.length} benign held-out texts (docs, tool descriptions, github-mcp-server's tools; ${totalBenign} chars): ${benignRedacted.length} spans, ${benignChars} chars (${((100 * benignChars) / totalBenign).toFixed(2)} %)${benignKinds.size ? ` — ${[...benignKinds].map(([k, n]) => `${k} ×${n}`).join(", ")}` : ""}`);
  if (process.argv.includes("--verbose") && benignRedacted.length) console.log(benignRedacted.map((x) => `  - ${x}`).join("\n"));
  const kind = (item: DlpItem, category: string) => `${category} · ${item.id.split(":").slice(0, 2).join(":")}`;
  printRedaction(measureRedaction(dlp, kind), `\n## Held-out · redaction (secrets + PII), ${dlp.length} texts`);
  await measureSpeed([...items.map((i) => i.text), ...dlp.map((d) => d.text), ...tools.map((t) => JSON.stringify(t.tool))], "## Held-out · fast path speed");
  if (process.argv.includes("--verbose")) {
    console.log(`\nHeld-out missed (${missed.length}):\n${missed.map((x) => `  - ${x}`).join("\n")}`);
    console.log(`\nHeld-out false positives (${fps.length}):\n${fps.map((x) => `  - ${x}`).join("\n")}`);
  } else console.log(`\n(held-out: ${missed.length} missed, ${fps.length} false positives: --verbose lists them)`);
  return items;
}

async function main() {
  const injection = [...load<InjectionItem>("warden-injection.json"), ...load<InjectionItem>("atr-injection.json")];
  const byWhere = new Map<string, Tally>();
  const bySource = new Map<string, Tally>();
  const byCategory = new Map<string, Tally>();
  const missed: string[] = [];
  const falsePositives: string[] = [];
  for (const item of injection) {
    const findings = scanText({ text: item.text, where: item.where });
    const predicted = flagged(findings);
    const truth = item.label === "injection";
    const source = item.id.split(":")[0] === "atr" ? "agent-threat-rules (MIT)" : "warden-authored";
    group(byWhere, `${item.where} · ${source}`).add(truth, predicted);
    group(byWhere, `${item.where} · all`).add(truth, predicted);
    group(bySource, source).add(truth, predicted);
    group(byCategory, `${source === "warden-authored" ? "warden" : "atr"}: ${item.category.split("/")[0]}`).add(truth, predicted);
    if (truth && !predicted) missed.push(`${item.id} [${item.where}] ${JSON.stringify(item.text.slice(0, 110))}`);
    if (!truth && predicted) falsePositives.push(`${item.id} [${item.where}] ${findings.find((f) => INJECTION_FLAGS.has(f.flag))!.rule}: ${JSON.stringify(item.text.slice(0, 110))}`);
  }

  // The reference servers' own tools: benign descriptions that must never be flagged.
  const reference = await referenceTools();
  const refTally = new Tally();
  const refFlagged: string[] = [];
  for (const { server, tool } of reference) {
    const findings = scanValue({ value: tool, where: "tool_description" }).filter((f) => INJECTION_FLAGS.has(f.flag));
    refTally.add(false, findings.length > 0);
    if (findings.length) refFlagged.push(`${server}/${String(tool.name)}: ${findings.map((f) => `${f.rule} at ${f.path}`).join(", ")}`);
  }
  const benignDescriptions = new Tally();
  for (const item of injection) if (item.where === "tool_description" && item.label === "benign") benignDescriptions.add(false, flagged(scanText({ text: item.text, where: item.where })));
  benignDescriptions.fp += refTally.fp;
  benignDescriptions.tn += refTally.tn;

  console.log(`\n## Injection and poisoning (fast rules), ${injection.length} labelled texts\n`);
  console.log("| set | positives | negatives | precision | recall | FP rate |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [k, t] of [...byWhere].sort()) console.log(t.row(k));
  for (const [k, t] of [...bySource].sort()) console.log(t.row(`all wheres · ${k}`));
  console.log(refTally.row(`reference servers' tools (${reference.length}, live tools/list)`));
  console.log(benignDescriptions.row("all benign tool descriptions (corpus + reference)"));
  console.log("\n### Per category\n\n| category | positives | negatives | precision | recall | FP rate |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [k, t] of [...byCategory].sort()) console.log(t.row(k));
  if (refFlagged.length) console.log(`\nReference tools flagged (must be none):\n${refFlagged.map((s) => `  - ${s}`).join("\n")}`);

  // Redaction.
  const dlp = load<DlpItem>("dlp.json");
  printRedaction(measureRedaction(dlp), `\n## Redaction (secrets + PII), ${dlp.length} texts`);

  await measureSpeed([...injection.map((i) => i.text), ...dlp.map((d) => d.text)], "## Fast path speed");

  // The held-out set (tests/fixtures/guards/holdout/): sources the rules were not written against.
  const heldOut = await evaluateHeldOut();

  // The heavy path (agent-threat-rules + secretlint in a worker, off the call path): what it adds, measured
  // on its own and together with the fast rules (a flag from either). Its cost is per text, in the worker.
  if (!process.argv.includes("--skip-heavy")) {
    const scanner = createHeavyScanner({ lane: process.argv.includes("--hunt") ? "hunt" : "alert" });
    const heavyBy = new Map<string, Tally>();
    const unionBy = new Map<string, Tally>();
    const costs: { ms: number; chars: number }[] = [];
    const heavyFlagged = (r: { findings: { flag: string }[] }) => r.findings.some((f) => f.flag !== "secret_detected");
    const heavyMissed: string[] = [];
    const heavyFp: string[] = [];
    const results: Awaited<ReturnType<typeof scanner.scan>>[] = [];
    for (let i = 0; i < injection.length; i += 200) results.push(...(await Promise.all(injection.slice(i, i + 200).map((item) => scanner.scan({ text: item.text, where: item.where })))));
    const dropped = results.filter((r) => r.dropped).length;
    if (dropped) throw new Error(`${dropped} texts dropped by the heavy scanner's queue`);
    injection.forEach((item, i) => {
      const r = results[i];
      costs.push({ ms: r.ms, chars: item.text.length });
      const truth = item.label === "injection";
      const h = heavyFlagged(r);
      const f = flagged(scanText({ text: item.text, where: item.where }));
      const source = item.id.split(":")[0] === "atr" ? "ATR" : "warden-authored";
      group(heavyBy, `${item.where} · ${source}`).add(truth, h);
      group(unionBy, `${item.where} · ${source}`).add(truth, h || f);
      if (source === "warden-authored" && truth && !h) heavyMissed.push(item.id);
      if (!truth && h) heavyFp.push(`${item.id} [${item.where}] ${r.findings[0].rule}`);
    });
    const refHeavy = new Tally();
    const refHeavyFlagged: string[] = [];
    for (const { server, tool } of reference) {
      const text = [tool.title, tool.description].filter((x) => typeof x === "string").join("\n");
      const r = await scanner.scan({ text, where: "tool_description" });
      refHeavy.add(false, heavyFlagged(r));
      if (heavyFlagged(r)) refHeavyFlagged.push(`${server}/${String(tool.name)}: ${r.findings.map((f) => f.rule).join(", ")}`);
    }
    // The held-out texts through the heavy path too (its rules were not written against them either).
    const heldOutHeavy = new Map<string, Tally>();
    const heldOutResults = await Promise.all(heldOut.map((item) => scanner.scan({ text: item.text, where: item.where })));
    heldOut.forEach((item, i) => {
      const truth = item.label === "injection";
      const h = heavyFlagged(heldOutResults[i]);
      group(heldOutHeavy, `heavy · held-out · ${item.where}`).add(truth, h);
      group(heldOutHeavy, `fast ∪ heavy · held-out · ${item.where}`).add(truth, h || flagged(scanText({ text: item.text, where: item.where })));
    });
    await scanner.close();
    console.log(`\n## Heavy path (agent-threat-rules 4.0.0, lane ${process.argv.includes("--hunt") ? "hunt" : "alert"}, in a worker after the call; only adds flags)\n`);
    console.log("| set | positives | negatives | precision | recall | FP rate |\n| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const [k, t] of [...heavyBy].sort()) console.log(t.row(`heavy · ${k}`));
    for (const [k, t] of [...unionBy].sort()) console.log(t.row(`fast ∪ heavy · ${k}`));
    console.log(refHeavy.row(`heavy · reference servers' tools (${reference.length})`));
    const benignHeavy = new Tally();
    injection.forEach((item, i) => {
      if (item.where === "tool_description" && item.label === "benign") benignHeavy.add(false, heavyFlagged(results[i]) || flagged(scanText({ text: item.text, where: item.where })));
    });
    benignHeavy.fp += refHeavy.fp;
    benignHeavy.tn += refHeavy.tn;
    console.log(benignHeavy.row("fast ∪ heavy · all benign tool descriptions (corpus + reference)"));
    for (const [k, t] of [...heldOutHeavy].sort()) console.log(t.row(k));
    const per4k = costs.filter((c) => c.chars >= 256).map((c) => (c.ms * 4096) / c.chars).sort((a, b) => a - b);
    const perText = costs.map((c) => c.ms).sort((a, b) => a - b);
    console.log(`\n| heavy cost (worker time) | p50 | p90 | p99 |\n| --- | ---: | ---: | ---: |`);
    console.log(`| per text (${perText.length} texts, median ${[...injection.map((i) => i.text.length)].sort((a, b) => a - b)[injection.length >> 1]} chars) | ${percentile(perText, 50).toFixed(1)} ms | ${percentile(perText, 90).toFixed(1)} ms | ${percentile(perText, 99).toFixed(1)} ms |`);
    console.log(`| scaled to 4 KB (texts ≥ 256 chars) | ${percentile(per4k, 50).toFixed(1)} ms | ${percentile(per4k, 90).toFixed(1)} ms | ${percentile(per4k, 99).toFixed(1)} ms |`);
    if (refHeavyFlagged.length) console.log(`\nReference tools flagged by the heavy path:\n${refHeavyFlagged.map((x) => `  - ${x}`).join("\n")}`);
    if (process.argv.includes("--verbose")) console.log(`\nHeavy: warden-authored missed ${heavyMissed.join(", ")}\nHeavy false positives (${heavyFp.length}):\n${heavyFp.map((x) => `  - ${x}`).join("\n")}`);
  }

  if (process.argv.includes("--verbose")) {
    console.log(`\nMissed (${missed.length}):\n${missed.map((s) => `  - ${s}`).join("\n")}`);
    console.log(`\nFalse positives (${falsePositives.length}):\n${falsePositives.map((s) => `  - ${s}`).join("\n")}`);
  } else console.log(`\n(${missed.length} missed, ${falsePositives.length} false positives: --verbose lists them)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
