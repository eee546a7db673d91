"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { ErrorBox } from "@/components/ui/error-box";

/**
 * A reviewer gives a pending request more time (POST /api/approvals/{id}/extend), once, with a reason; the
 * gateway keeps waiting. Once extended, the request says so instead (ApprovalExpiryNotice).
 */
export function ExtendDeadlineButton({ id, extendedAt }: { id: string; extendedAt?: string | null }) {
  const qc = useQueryClient();
  const [minutes, setMinutes] = useState("15");
  const [reason, setReason] = useState("");
  const extend = useMutation({
    mutationFn: () => apiFetch<{ expiresAt: string }>(`/api/approvals/${id}/extend`, { method: "POST", body: { minutes: Number(minutes), reason } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
  if (extendedAt) return null;
  return (
    <form
      className="mt-1 flex flex-wrap items-center justify-end gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate();
      }}
    >
      <label className="sr-only" htmlFor={`extend-${id}`}>
        Extend by
      </label>
      <select id={`extend-${id}`} className="input w-auto! py-0.5 text-xs" value={minutes} onChange={(e) => setMinutes(e.target.value)}>
        <option value="5">5 min</option>
        <option value="15">15 min</option>
        <option value="60">1 hour</option>
        <option value="240">4 hours</option>
      </select>
      <label className="sr-only" htmlFor={`extend-reason-${id}`}>
        Reason to extend
      </label>
      <input
        id={`extend-reason-${id}`}
        className="input w-40! py-0.5 text-xs"
        placeholder="Why more time? (once)"
        maxLength={500}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn py-0.5 text-xs" disabled={extend.isPending || !reason.trim()}>
        Extend deadline
      </button>
      <ErrorBox error={extend.error} />
    </form>
  );
}
