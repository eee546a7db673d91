"use client";
import { TimeText } from "@/components/ui/time-text";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { ErrorBox } from "@/components/ui/error-box";
import { useSigningKeys } from "./use-approval-queries";

/** The keys that sign approval decisions, and rotation (the old key stays published for a day). */
export function SigningKeysCard() {
  const qc = useQueryClient();
  const keys = useSigningKeys(true);
  const rotate = useMutation({
    mutationFn: () => apiFetch<{ kid: string }>("/api/approvals/signing-keys", { method: "POST", body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.signingKeys() }),
  });
  return (
    <section className="card space-y-2" aria-label="Signing keys">
      <div className="flex items-center justify-between">
        <h2 className="font-semibold">Decision signing keys</h2>
        <button
          className="btn"
          type="button"
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm("Rotate the signing key? New decisions are signed with a new key; the old one stays in the JWKS for 24 h.")) rotate.mutate();
          }}
        >
          Rotate key
        </button>
      </div>
      <p className="text-xs text-slate-600">
        Gateways verify decisions with the public keys at <code>/api/v1/jwks.json</code>. Private keys are stored encrypted.
      </p>
      <ErrorBox error={keys.error ?? rotate.error} />
      <ul className="space-y-1 font-mono text-xs">
        {keys.data?.keys.map((k) => (
          <li key={k.kid}>
            {k.kid} · {k.alg} · {k.active ? "active" : k.published ? <>retired <TimeText value={k.retiredAt} />, still published</> : "retired"}
          </li>
        ))}
      </ul>
    </section>
  );
}
