/**
 * How the gateway established who is asking. `config` means the gateway only asserted the user from its
 * own configuration (a stdio gateway): nobody proved it, so reviewers see "unverified identity".
 */
export function IdentitySourceNote({ source }: { source: string | null }) {
  if (!source) return null;
  if (source === "config") {
    return (
      <span
        className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800"
        title="The gateway asserted this user from its configuration; no token proved it."
        data-testid="identity-source"
      >
        unverified identity (gateway config)
      </span>
    );
  }
  const label = source === "jwt" ? "verified by JWT" : source === "static-token" ? "verified by client token" : source;
  return (
    <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" data-testid="identity-source">
      {label}
    </span>
  );
}
