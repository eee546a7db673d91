import "server-only";
import { z } from "zod";
import { db } from "../db";
import { maskSecrets } from "../guards/mask-secrets";
import { ApiError } from "../http/errors";
import { getCompanyDomains } from "../settings/get-company-domains";
import { collectPathRoots, findRiskyParams, type RiskyParam } from "./find-risky-params";

/** How many of the tool's latest approved requests define its usual directories. */
export const USUAL_PATHS_FROM = 200;

export interface RiskyParamsView {
  riskyParams: RiskyParam[];
  companyDomains: string[];
  /** The directories this tool's approved requests used: a path outside them is marked. */
  usualPathRoots: string[];
}

/**
 * GET /api/approvals/{id}/risky-params: the values in a request's params a reviewer should look at first
 * (findRiskyParams), against the company domains in Settings and the directories seen in the same tool's
 * (same server's) last USUAL_PATHS_FROM approved requests. Reads the masked params, as reviewers see them.
 */
export async function getRiskyParams(opts: { id: string }): Promise<RiskyParamsView> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const a = await db().approval.findUnique({ where: { id: opts.id }, select: { id: true, server: true, tool: true, params: true, paramsMasked: true } });
  if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const [companyDomains, approved] = await Promise.all([
    getCompanyDomains(),
    db().approval.findMany({
      where: { tool: a.tool, server: a.server, status: "approved", id: { not: a.id } },
      orderBy: { decidedAt: "desc" },
      take: USUAL_PATHS_FROM,
      select: { params: true, paramsMasked: true },
    }),
  ]);
  const usualPathRoots = collectPathRoots(approved.map((p) => p.paramsMasked ?? p.params));
  const params = maskSecrets(a.paramsMasked ?? a.params);
  return { riskyParams: findRiskyParams({ params, companyDomains, usualPathRoots }), companyDomains, usualPathRoots };
}
