import "server-only";
import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { dashboardApprovalViews } from "./dashboard-approval-view";
import { matchPrecedent } from "./match-precedent";
import { FindPrecedentsQuery, PRECEDENT_STATUSES, type FindPrecedentsResponse, type PrecedentMatch } from "./precedent-schema";

/**
 * GET /api/approvals/{id}/precedents: similar past decisions for a request — the same tool (on the same
 * server), the same user or the same rule (`by` narrows to one) — approved, denied or expired, newest
 * decision first, with each reviewer's vote and reason. Keyset pages of `limit` (cursor = the last row's
 * decidedAt and id). Each kind of match is its own index range scan, newest first and limited, on
 * approvals (tool, decided_at) / (user_id, decided_at) / (rule_id, decided_at); the union is cut to the page.
 */
export async function findPrecedents(opts: { id: string; query: FindPrecedentsQuery }): Promise<FindPrecedentsResponse> {
  const q = FindPrecedentsQuery.parse(opts.query);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const a = await db().approval.findUnique({ where: { id: opts.id }, select: { id: true, server: true, tool: true, userId: true, ruleId: true } });
  if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);

  const want = (m: PrecedentMatch) => q.by === "any" || q.by === m;
  const tests: Prisma.Sql[] = [];
  if (want("tool")) tests.push(Prisma.sql`tool = ${a.tool} AND server = ${a.server}`);
  if (want("user")) tests.push(Prisma.sql`user_id = ${a.userId}`);
  if (want("rule") && a.ruleId) tests.push(Prisma.sql`rule_id = ${a.ruleId}::uuid`);
  if (!tests.length) return { precedents: [], nextCursor: null };

  const [cursorAt, cursorId] = q.cursor ? [new Date(q.cursor.slice(0, q.cursor.indexOf("_"))), q.cursor.slice(q.cursor.indexOf("_") + 1)] : [null, null];
  if (cursorAt && (Number.isNaN(cursorAt.getTime()) || !z.uuid().safeParse(cursorId).success)) throw new ApiError("invalid_request", "Bad cursor.", { issues: [{ path: "cursor", message: "a cursor from a previous page (nextCursor)" }] });
  const after = cursorAt ? Prisma.sql`AND (decided_at, id) < (${cursorAt}, ${cursorId}::uuid)` : Prisma.empty;
  const take = q.limit + 1;
  const branches = tests.map(
    (test) => Prisma.sql`(SELECT id, decided_at FROM approvals
      WHERE ${test} AND id <> ${a.id}::uuid AND decided_at IS NOT NULL
        AND status IN (${Prisma.join(PRECEDENT_STATUSES.map((s) => Prisma.sql`${s}::"ApprovalStatus"`))}) ${after}
      ORDER BY decided_at DESC, id DESC LIMIT ${take})`,
  );
  const page = await db().$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM (${Prisma.join(branches, " UNION ")}) p ORDER BY decided_at DESC, id DESC LIMIT ${take}`;
  const more = page.length > q.limit;
  const ids = page.slice(0, q.limit).map((r) => r.id);
  const rows = ids.length ? await db().approval.findMany({ where: { id: { in: ids } }, include: { votes: true, rule: { select: { name: true } } } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const views = new Map((await dashboardApprovalViews(rows)).map((v) => [v.id, v]));
  const precedents = ids.flatMap((id) => {
    const row = byId.get(id);
    const v = views.get(id);
    if (!row || !v || !row.decidedAt) return [];
    return [
      {
        id,
        status: v.status as (typeof PRECEDENT_STATUSES)[number],
        server: v.server,
        tool: v.tool,
        userId: v.userId,
        ruleName: v.ruleName,
        matches: matchPrecedent({ request: a, past: row }),
        createdAt: v.createdAt,
        decidedAt: row.decidedAt.toISOString(),
        votes: v.votes.map((x) => ({ reviewerEmail: x.reviewerEmail, decision: x.decision, comment: x.comment, at: x.at })),
      },
    ];
  });
  const last = precedents.at(-1);
  return { precedents, nextCursor: more && last ? `${last.decidedAt}_${last.id}` : null };
}
