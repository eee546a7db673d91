import type { AlertDelivery } from "../generated/prisma/client";

// One line of a delivery log (per alert, per channel).
export interface DeliveryView {
  id: string;
  alertId: string | null;
  target: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export function deliveryView(d: AlertDelivery): DeliveryView {
  return {
    id: d.id,
    alertId: d.alertId,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
