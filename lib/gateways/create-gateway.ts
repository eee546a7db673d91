import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { createApiKey } from "./create-api-key";
import { TX_OPTIONS } from "./tx-options";
import { CreateGatewayBody } from "./schema";
import type { ApiKeyView } from "./api-key-view";

/** Registers a gateway with a first API key (all scopes); the key's plaintext is returned once. */
export async function createGateway(opts: {
  input: CreateGatewayBody;
  actor: AuditActor & { id?: string | null };
}): Promise<{ gatewayId: string; name: string; apiKey: string; key: ApiKeyView }> {
  const input = CreateGatewayBody.parse(opts.input);
  try {
    return await db().$transaction(async (tx) => {
      const gateway = await tx.gateway.create({ data: input });
      await recordAudit(tx, { actor: opts.actor, action: "gateway.create", targetType: "gateway", targetId: gateway.id, after: gateway });
      const { key, apiKey } = await createApiKey({ gatewayId: gateway.id, input: { name: "initial" }, actor: opts.actor, tx });
      return { gatewayId: gateway.id, name: gateway.name, apiKey, key };
    }, TX_OPTIONS);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError("conflict", `A gateway named ${input.name} already exists.`);
    }
    throw err;
  }
}
