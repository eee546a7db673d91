"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { ErrorBox } from "@/components/ui/error-box";

/** A reviewer gives a pending request more time (POST /api/approvals/{id}/extend); the gateway keeps waiting. */
export function ExtendDeadlineButton({ id }: { id: string }) {
  const qc = useQueryClient();
  const [minutes, setMinutes] = useState("15");
  const extend = useMutation({
    mutationFn: () => apiFetch<{ expiresAt: string }>(`/api/approvals/${id}/extend`, { method: "POST", body: { minutes: Number(minutes) } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
  return (
    <div className="mt-1 flex items-center justify-end gap-1">
      <label className="sr-only" htmlFor={`extend-${id}`}>
        Extend by
      </label>
      <select id={`extend-${id}`} className="input w-auto! py-0.5 text-xs" value={minutes} onChange={(e) => setMinutes(e.target.value)}>
        <option value="5">5 min</option>
        <option value="15">15 min</option>
        <option value="60">1 hour</option>
        <option value="240">4 hours</option>
      </select>
      <button type="button" className="btn py-0.5 text-xs" disabled={extend.isPending} onClick={() => extend.mutate()}>
        Extend deadline
      </button>
      <ErrorBox error={extend.error} />
    </div>
  );
}
