"use client";
import { PendingApprovalsBadge } from "@/components/approvals/pending-approvals-badge";
import { OpenAlertsBadge } from "@/components/alerts/open-alerts-badge";

// Counts shown beside navigation entries; each domain owns its badge component.
export function NavBadge({ href }: { href: string }) {
  if (href === "/approvals") return <PendingApprovalsBadge />;
  if (href === "/alerts") return <OpenAlertsBadge />;
  return null;
}
