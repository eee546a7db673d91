"use client";
// Pending approvals count in the navigation (owned by the approvals work).
export function PendingApprovalsBadge() {
  return null;
}
