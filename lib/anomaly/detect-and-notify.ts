import "server-only";
import { log } from "../log";
import { publish } from "../realtime/publish";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { runDetectors, type DetectorRunResult } from "./run-detectors";

/** One live detector run: detect at the wall clock, then (after commit) announce and route new alerts. */
export async function detectAndNotify(): Promise<DetectorRunResult> {
  const result = await runDetectors({ now: new Date() });
  if (result.skipped) return result;
  if (result.opened.length || result.updated.length || result.resolved.length) publish("alerts");
  if (result.opened.length || result.resolved.length) {
    log.info({ opened: result.opened.length, resolved: result.resolved.length, series: result.series, ms: result.ms }, "anomaly detectors ran");
  }
  await dispatchAlertNotifications();
  return result;
}
