// The source for alerts a test raises by hand (raiseAlert) and expects to stay open until it routes or reads
// them. Not "rule" or "anomaly": the detector's minute run on the shared Warden resolves the open alerts of
// those sources that no finding of its run mentions once their rule's quiet period has passed, and an alert
// with no rule has none (lib/anomaly/apply-findings.ts). So a hand-raised one was resolved, and never routed,
// whenever a run fell between raising and routing (seen in a clean-clone CI run). Routing and incident
// grouping do not look at the source. (The e2e specs, which need anomalies on the overview, keep them open
// with a rule instead: e2e/support/held-alert-rule.ts.)
export const HAND_RAISED_SOURCE = "gateway" as const;
