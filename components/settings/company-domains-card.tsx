"use client";
import { useState, type FormEvent } from "react";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { useCompanyDomains, useSaveCompanyDomains } from "@/components/approvals/use-precedent-queries";

/** Settings → Company domains: reviewers see e-mail addresses and links outside these marked in a request's params. */
export function CompanyDomainsCard({ canEdit }: { canEdit: boolean }) {
  const current = useCompanyDomains();
  const save = useSaveCompanyDomains();
  const [saved, setSaved] = useState(false);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const text = String(new FormData(e.currentTarget).get("domains") ?? "");
    const domains = text
      .split(/[\s,;]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    save.mutate(domains, { onSuccess: () => setSaved(true) });
  }

  return (
    <section className="card max-w-2xl space-y-2" aria-labelledby="company-domains-title">
      <h2 id="company-domains-title" className="font-medium">
        Company domains
      </h2>
      <p className="text-sm text-slate-600">
        Your own e-mail and web domains, one per line (a domain covers its subdomains). In a request for approval, addresses and links outside them are
        marked as external. With none set, every domain counts as external.
      </p>
      {current.isPending ? (
        <Skeleton className="h-20 w-full" />
      ) : current.error ? (
        <ErrorBox error={current.error} />
      ) : (
        <form onSubmit={onSubmit} className="space-y-2" key={current.data.domains.join(",")}>
          <label className="label" htmlFor="company-domains">
            Domains
          </label>
          <textarea
            id="company-domains"
            name="domains"
            className="input font-mono"
            rows={4}
            defaultValue={current.data.domains.join("\n")}
            placeholder={"example.com\nexample.co.uk"}
            readOnly={!canEdit}
          />
          {save.error && <ErrorBox error={save.error} />}
          {canEdit && (
            <div className="flex items-center gap-2">
              <button className="btn btn-primary" type="submit" disabled={save.isPending}>
                Save domains
              </button>
              {saved && <span className="text-sm text-emerald-700" role="status">Saved.</span>}
            </div>
          )}
        </form>
      )}
    </section>
  );
}
