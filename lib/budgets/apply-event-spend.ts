import "server-only";
import type { PoolClient } from "pg";

// CONTRACT (owned by the budgets work): called by ingest inside its transaction, once per batch, with
// the events that were really inserted (never duplicates) and carry a cost or a reservation.
// Settles reservations (reserved → spent with the actual cost) and counts unreserved spend against
// every applicable budget period.
export interface SpendEvent {
  id: string;
  ts: Date;
  gatewayId: string;
  userId: string;
  team: string | null;
  server: string;
  tool: string;
  costUsd: string | null; // exact decimal as text
  reservationId: string | null;
}

export async function applyEventSpend(client: PoolClient, events: SpendEvent[]): Promise<void> {
  void client;
  void events;
}
