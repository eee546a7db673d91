"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";

interface Entry {
  seq: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

export function AuditLogTable() {
  const q = useInfiniteQuery({
    queryKey: queryKeys.audit.list({}),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => apiFetch<{ entries: Entry[]; nextCursor: string | null }>(`/api/audit?limit=50${pageParam ? `&before=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (q.isPending) return <TableSkeleton />;
  if (q.error) return <ErrorBox error={q.error} />;
  const entries = q.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" aria-label="Audit log">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>From</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td className="font-mono text-xs text-slate-500">{e.seq}</td>
              <td className="whitespace-nowrap text-xs">{new Date(e.at).toLocaleString()}</td>
              <td>{e.actorEmail ?? "—"}</td>
              <td className="font-mono text-xs">{e.action}</td>
              <td className="text-xs">
                {e.targetType}
                {e.targetId && <div className="font-mono text-slate-500">{e.targetId}</div>}
              </td>
              <td className="text-xs">{e.ip ?? "—"}</td>
              <td>
                {(e.before != null || e.after != null) && (
                  <details>
                    <summary className="cursor-pointer text-xs text-indigo-700">before / after</summary>
                    <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.hasNextPage && (
        <div className="p-3">
          <button className="btn" type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </button>
        </div>
      )}
    </div>
  );
}
