import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { EventsExplorer } from "@/components/events/events-explorer";
import { ViewsMenu } from "@/components/saved-views/views-menu";

export const metadata = { title: "Events" };

export default async function EventsPage() {
  await requirePage("/events");
  return (
    <>
      <PageHeader
        title="Events"
        description="Every tool call your gateways reported. Everything shown here was sent by a gateway and is displayed as plain text."
        actions={
          <Suspense fallback={null}>
            <ViewsMenu page="events" />
          </Suspense>
        }
      />
      <Suspense fallback={<TableSkeleton rows={10} />}>
        <EventsExplorer />
      </Suspense>
    </>
  );
}
