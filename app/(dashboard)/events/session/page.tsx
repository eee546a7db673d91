import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { AgentSessionView } from "@/components/sessions/agent-session-view";

export const metadata = { title: "Agent session" };

// Under /events: an agent session is a view of events, opened from an event, with the Events page's
// permission (events:read) and its navigation entry.
export default async function AgentSessionPage() {
  await requirePage("/events");
  return (
    <>
      <PageHeader
        title="Agent session"
        description="The tool calls that share this MCP session or trace, oldest first: what the agent did before and after the call you came from."
      />
      <Suspense fallback={<TableSkeleton rows={8} />}>
        <AgentSessionView />
      </Suspense>
    </>
  );
}
