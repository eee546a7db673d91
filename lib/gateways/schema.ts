import { z } from "zod";
import { API_SCOPES } from "./scopes";

const Name = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, space, dot, dash, underscore");

// POST /api/gateways
export const CreateGatewayBody = z
  .object({
    name: Name,
    description: z.string().trim().max(500).optional(),
    ownerTeam: z.string().trim().max(120).optional(),
  })
  .strict();
export type CreateGatewayBody = z.infer<typeof CreateGatewayBody>;

// POST /api/gateways/{id}/keys
export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().max(80).optional(),
    scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

// POST /api/gateways/{id}/keys/{keyId}/rotate
export const RotateApiKeyBody = z
  .object({
    graceSeconds: z.number().int().min(0).max(7 * 86_400).optional(),
  })
  .strict();
export type RotateApiKeyBody = z.infer<typeof RotateApiKeyBody>;

// GET /api/gateways
export const GatewayRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerTeam: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
  eventsPerMinute: z.number(),
  events24h: z.number(),
  keys: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      prefix: z.string(),
      scopes: z.array(z.string()),
      expiresAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
      lastUsedAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type GatewayRow = z.infer<typeof GatewayRow>;
export const FindGatewaysResponse = z.object({ gateways: z.array(GatewayRow) });
