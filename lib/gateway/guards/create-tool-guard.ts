import { fingerprintTool } from "../../guards/fingerprint-tool";
import { scanText } from "../../guards/scan-text";
import { scanValue } from "../../guards/scan-value";
import type { PolicySnapshot } from "../warden/policy-client";
import { decideToolAccess, type ToolAccess } from "./decide-tool-access";

// The list stage's state (issue 17): every tools/list an upstream returns is fingerprinted and its texts
// (description, title, schemas) scanned once per version; the first fingerprint seen of each tool is pinned
// for the life of the process. `visibleTools` filters a list for clients (decideToolAccess); `access` says
// whether a call to a tool may run, with the flags its definition raised. Nothing here does I/O but
// `load`, the catalog's (cached) tools/list.

export interface ToolState {
  fingerprint: string;
  /** Flags the definition's texts raised (prompt_injection, hidden_unicode, tool_shadowing, …). */
  flags: string[];
}

export type ToolCallAccess = (ToolAccess & { flags: string[] }) | { allowed: false; errorType: "tool_unlisted"; flag: string; reason: string; flags: string[] };

export interface ToolGuard {
  /** Called with every fresh tools/list of an upstream (its own names). */
  observe(server: string, tools: Record<string, unknown>[]): void;
  /** The tools of a list that clients may see under the current policy. */
  visibleTools(server: string, tools: Record<string, unknown>[]): Record<string, unknown>[];
  /** Whether a call to server/tool may run; `null` when the upstream's list cannot be had (the call goes on and fails there). */
  access(server: string, tool: string): Promise<ToolCallAccess | null>;
  /** Servers whose visible tools differ, under the current policy, from what clients were last shown (a new policy: approvals, blocks, trust). */
  changedServers(): string[];
}

interface Log {
  warn(obj: object, msg?: string): void;
}

export function createToolGuard(o: {
  policy: { current(): PolicySnapshot | null };
  /** The upstream's current tools/list (cached by the catalog, which calls observe() on each fresh one). */
  load: (server: string) => Promise<Record<string, unknown>[]>;
  log?: Log;
}): ToolGuard {
  /** server → tool name → state of the definition last listed. */
  const current = new Map<string, Map<string, ToolState>>();
  /** `server\0tool` → the first fingerprint seen (or the one Warden approved since). */
  const pins = new Map<string, string>();
  /** fingerprint → flags of its texts (a version is scanned once). */
  const scanned = new Map<string, string[]>();
  const warned = new Set<string>();
  /** server → the visible tools' names clients were last shown (visibleTools). */
  const shown = new Map<string, string>();
  let lastPolicy: unknown = null;

  function stateOf(tool: Record<string, unknown>): ToolState {
    const fingerprint = fingerprintTool(tool);
    let flags = scanned.get(fingerprint);
    if (!flags) {
      flags = scanDefinition(tool);
      scanned.set(fingerprint, flags);
    }
    return { fingerprint, flags };
  }

  function decide(server: string, name: string, state: ToolState): ToolAccess {
    const snapshot = o.policy.current();
    // No policy at all: the policy stage refuses every call; the list shows what the upstream lists.
    if (!snapshot) return { allowed: true };
    const key = `${server}\u0000${name}`;
    const access = decideToolAccess({ policy: snapshot.policy, server, tool: name, fingerprint: state.fingerprint, pinned: pins.get(key) });
    // Warden approved this exact version: it is the pin from now on.
    const entry = snapshot.policy.tools.find((t) => t.server === server && t.tool === name && t.approvedFingerprint === state.fingerprint);
    if (access.allowed && entry) pins.set(key, state.fingerprint);
    if (!access.allowed && !warned.has(`${key}\u0000${state.fingerprint}`)) {
      warned.add(`${key}\u0000${state.fingerprint}`);
      o.log?.warn({ upstream: server, tool: name, fingerprint: state.fingerprint, errorType: access.errorType }, "tool hidden from clients");
    }
    return access;
  }

  return {
    observe(server, tools) {
      const states = new Map<string, ToolState>();
      for (const t of tools) {
        if (typeof t.name !== "string") continue;
        let state: ToolState;
        try {
          state = stateOf(t);
        } catch {
          continue; // not JSON: never listed (visibleTools drops it too)
        }
        states.set(t.name, state);
        const key = `${server}\u0000${t.name}`;
        if (!pins.has(key)) pins.set(key, state.fingerprint);
        if (state.flags.length && !warned.has(`${key}\u0000${state.fingerprint}\u0000scan`)) {
          warned.add(`${key}\u0000${state.fingerprint}\u0000scan`);
          o.log?.warn({ upstream: server, tool: t.name, flags: state.flags }, "tool definition raised guard flags");
        }
      }
      current.set(server, states);
    },
    visibleTools(server, tools) {
      const states = current.get(server);
      const visible = tools.filter((t) => {
        const state = typeof t.name === "string" ? states?.get(t.name) : undefined;
        return state !== undefined && decide(server, t.name as string, state).allowed;
      });
      shown.set(server, visible.map((t) => t.name).join("\u0000"));
      return visible;
    },
    changedServers() {
      const policy = o.policy.current()?.policy ?? null;
      if (policy === lastPolicy) return [];
      lastPolicy = policy;
      const out: string[] = [];
      for (const [server, was] of shown) {
        const states = current.get(server);
        if (!states) continue;
        const now = [...states].filter(([name, state]) => decide(server, name, state).allowed).map(([name]) => name);
        if (now.join("\u0000") !== was) out.push(server);
      }
      return out;
    },
    async access(server, tool) {
      try {
        await o.load(server);
      } catch {
        return null;
      }
      const state = current.get(server)?.get(tool);
      if (!state) return { allowed: false, errorType: "tool_unlisted", flag: "tool_unapproved", reason: `${server}/${tool} is not in its server's tools/list.`, flags: [] };
      return { ...decide(server, tool, state), flags: state.flags };
    },
  };
}

/** Flags raised by a tool definition's texts: description and title as descriptions, schemas walked as values. */
function scanDefinition(tool: Record<string, unknown>): string[] {
  const flags = new Set<string>();
  for (const field of ["description", "title"] as const) {
    const text = tool[field];
    if (typeof text === "string") for (const f of scanText({ text, where: "tool_description" })) flags.add(f.flag);
  }
  for (const field of ["inputSchema", "outputSchema", "annotations"] as const) {
    if (tool[field] !== undefined) for (const f of scanValue({ value: tool[field], where: "tool_description" })) flags.add(f.flag);
  }
  return [...flags];
}
