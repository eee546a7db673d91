import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { IncidentsList } from "@/components/incidents/incidents-list";

export const metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  await requirePage("/incidents");
  return (
    <>
      <PageHeader title="Incidents" description="Alerts that share a cause and overlap in time, grouped: channels hear about each incident once." />
      <IncidentsList />
    </>
  );
}
