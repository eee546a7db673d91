import { z } from "zod";
import { API_SCOPES } from "./api-key";

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
