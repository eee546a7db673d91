import type { Permission } from "../auth/permissions";

// What the server announces after a commit, and who may hear it. The client maps a topic to the
// TanStack Query key prefixes it invalidates (lib/realtime/use-live-invalidation.ts).
export const TOPICS = {
  events: "events:read",
  metrics: "dashboard:read",
  approvals: "approvals:read",
  budgets: "budgets:read",
  alerts: "alerts:read",
  gateways: "gateways:read",
  tools: "inventory:read",
  users: "users:read",
} as const satisfies Record<string, Permission>;

export type Topic = keyof typeof TOPICS;

export interface ChangeMessage {
  topic: Topic;
  id?: string;
  at: number;
}
