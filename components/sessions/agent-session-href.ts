/** The agent-session page of an event: its session and trace, read around its time, the event marked. */
export function agentSessionHref(e: { id: string; ts: string; sessionId: string | null; traceId: string | null }): string {
  const p = new URLSearchParams();
  if (e.sessionId) p.set("session", e.sessionId);
  if (e.traceId) p.set("trace", e.traceId);
  p.set("at", e.ts);
  p.set("event", e.id);
  return `/events/session?${p}`;
}
