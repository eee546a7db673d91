import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { AuditLogTable } from "@/components/audit/audit-log-table";

export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePage("/settings/audit");
  return (
    <>
      <PageHeader
        title="Audit log"
        description={<>Every change a person made, hash-chained. Verify it with <code>npm run -s warden -- audit verify</code>.</>}
      />
      <AuditLogTable />
    </>
  );
}
