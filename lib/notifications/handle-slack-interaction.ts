import "server-only";
import { z } from "zod";
import { ApiError } from "../http/errors";
import { db } from "../db";
import { hashLinkToken } from "./hash-link-token";
import { verifySlackSignature } from "./verify-slack-signature";

const Interaction = z.object({
  type: z.string(),
  actions: z.array(z.object({ action_id: z.string().max(255), value: z.string().max(255).optional() })).max(25).optional(),
});

/**
 * POST /api/slack/interactions: Slack's request when a reviewer presses Approve…/Deny… under a Warden
 * message. Verified with SLACK_SIGNING_SECRET (v0 HMAC of the raw body, timestamp within 5 minutes; 401
 * otherwise; 404 while no secret is configured). The buttons are URL buttons: Slack opens Warden's
 * confirmation page in the reviewer's browser, where their session decides. This endpoint never decides
 * anything: it answers Slack (200) with an ephemeral word on the link's state.
 */
export async function handleSlackInteraction(opts: { rawBody: string; timestamp: string | null; signature: string | null }): Promise<{ response_type: "ephemeral"; replace_original: false; text: string }> {
  const secret = process.env.SLACK_SIGNING_SECRET;
  if (!secret) throw new ApiError("not_found", "Slack interactions are not configured (SLACK_SIGNING_SECRET is not set).");
  const why = verifySlackSignature({ secret, timestamp: opts.timestamp, signature: opts.signature, rawBody: opts.rawBody });
  if (why) throw new ApiError("unauthenticated", `Slack request refused: ${why}.`);
  const raw = new URLSearchParams(opts.rawBody).get("payload");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? "");
  } catch {
    throw new ApiError("invalid_request", "The body has no JSON `payload`.", { issues: [{ path: "payload", message: "required: Slack's interaction payload (JSON)" }] });
  }
  const payload = Interaction.parse(parsed);
  const action = payload.actions?.find((a) => a.action_id === "warden_approve" || a.action_id === "warden_deny");
  if (!action?.value || !/^[A-Za-z0-9_-]{43}$/.test(action.value)) return reply("Nothing to do here: decisions are made in Warden.");
  const link = await db().approvalLink.findUnique({ where: { tokenHash: hashLinkToken(action.value) }, select: { usedAt: true, expiresAt: true } });
  if (!link) return reply("This decision link is not known to Warden.");
  if (link.usedAt) return reply("This decision link was already used.");
  if (link.expiresAt.getTime() <= Date.now()) return reply("This decision link expired.");
  return reply("Confirm in the Warden page that just opened (your Warden session decides, once).");
}

function reply(text: string) {
  return { response_type: "ephemeral" as const, replace_original: false as const, text };
}
