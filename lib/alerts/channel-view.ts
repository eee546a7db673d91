import type { NotificationChannel } from "../generated/prisma/client";

// Admins see a channel's URL and address, never its signing secret (shown once when generated).
export interface ChannelView {
  id: string;
  name: string;
  type: string;
  url: string | null;
  email: string | null;
  hasSecret: boolean;
  minSeverity: "info" | "warning" | "critical";
  subjectType: string | null;
  enabled: boolean;
  createdAt: string;
}

export function channelView(c: NotificationChannel): ChannelView {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    url: c.url,
    email: c.email,
    hasSecret: !!c.secret,
    minSeverity: c.minSeverity,
    subjectType: c.subjectType,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Where a delivery went, without the secrets some URLs carry in their path (Slack's do). */
export function redactTarget(c: Pick<NotificationChannel, "type" | "url" | "email">): string {
  if (c.type === "email") return c.email ?? "";
  try {
    const u = new URL(c.url ?? "");
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? "/…" : "/"}`;
  } catch {
    return "(invalid URL)";
  }
}
