"use client";
import { useState, type FormEvent } from "react";
import type { AlertView } from "@/lib/alerts/alert-view";
import { ErrorBox } from "@/components/ui/error-box";
import { useAlertsMutation } from "./use-alert-queries";

/** Acknowledge / resolve with an optional comment (recorded in the audit log). */
export function AlertActions({ alert }: { alert: AlertView }) {
  const [comment, setComment] = useState("");
  const act = useAlertsMutation<{ action: "acknowledge" | "resolve"; comment?: string }>(({ action, comment }) => ({
    url: `/api/alerts/${alert.id}/${action}`,
    method: "POST",
    body: comment ? { comment } : {},
  }));
  if (alert.status === "resolved") return null;
  const submit = (action: "acknowledge" | "resolve") => (e?: FormEvent) => {
    e?.preventDefault();
    act.mutate({ action, comment: comment.trim() || undefined }, { onSuccess: () => setComment("") });
  };
  return (
    <form className="space-y-2" onSubmit={submit("resolve")} aria-label="Alert actions">
      <label className="label" htmlFor={`alert-comment-${alert.id}`}>
        Comment (optional)
      </label>
      <textarea id={`alert-comment-${alert.id}`} className="input min-h-16" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      <div className="flex gap-2">
        {alert.status === "open" && (
          <button type="button" className="btn" disabled={act.isPending} onClick={() => submit("acknowledge")()}>
            Acknowledge
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={act.isPending}>
          Resolve
        </button>
      </div>
      <ErrorBox error={act.error} />
    </form>
  );
}
