import type { GatewayHeartbeatView } from "@/lib/gateways/schema";
import { describeHeavyOutputs } from "@/lib/gateways/describe-heavy-outputs";

const TITLES: Record<GatewayHeartbeatView["heavyOutputs"]["status"], string> = {
  reported:
    "The heavy rules scan tool, resource and prompt outputs after the answer, at low priority; on a busy gateway their queue fills and outputs go unscanned. Counted since the gateway started.",
  off: "The gateway runs without the heavy output scan (a fail-open setting).",
  not_reported: "This gateway's heartbeat does not report the heavy output scan (an older gateway).",
};

/** A gateway's heavy output scan coverage on the Gateways page (lib/gateways/describe-heavy-outputs.ts). */
export function HeavyOutputsCoverage({ view }: { view: GatewayHeartbeatView["heavyOutputs"] }) {
  const { summary, notes } = describeHeavyOutputs(view);
  return (
    <div data-testid="heavy-outputs" title={TITLES[view.status]}>
      <div className={view.status === "reported" ? "text-slate-600" : "text-slate-500"}>heavy output scan: {summary}</div>
      {notes.length > 0 && (
        <ul className="text-amber-700" aria-label="Heavy scan coverage lost">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
