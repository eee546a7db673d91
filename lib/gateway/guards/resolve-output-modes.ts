import { globMatch } from "../../approvals/glob-match";
import type { GatewayConfig } from "../config/schema";

type Guards = GatewayConfig["guards"];
export type OutputModes = Guards["outputs"];

/** The output guard's modes for one server × tool: the first matching `guards.tools` key's fields over `guards.outputs`. */
export function resolveOutputModes(guards: Pick<Guards, "outputs" | "tools">, server: string, tool: string): OutputModes {
  for (const [key, modes] of Object.entries(guards.tools)) {
    const [sp, tp] = key.split("/") as [string, string];
    if (globMatch(sp, server) && globMatch(tp, tool)) return { ...guards.outputs, ...definedOnly(modes) };
  }
  return guards.outputs;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
