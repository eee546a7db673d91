import Link from "next/link";
import { requirePage } from "@/lib/auth/require-page";
import { SUB_PAGES, canOpen } from "@/lib/auth/nav";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { CompanyDomainsCard } from "@/components/settings/company-domains-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("/settings");
  const pages = SUB_PAGES.filter((p) => p.href.startsWith("/settings/") && canOpen(user.roles, p));
  return (
    <>
      <PageHeader title="Settings" description="People, their roles, and the record of what they changed." />
      <ul className="grid max-w-2xl gap-3 sm:grid-cols-2">
        {pages.map((p) => (
          <li key={p.href}>
            <Link href={p.href} className="card block hover:border-indigo-300">
              <span className="font-medium">{p.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      {can(user.roles, "approvals:read") && <div className="mt-6"><CompanyDomainsCard canEdit={can(user.roles, "approval_rules:write")} /></div>}
    </>
  );
}
