"use client";
// Counts shown beside navigation entries (pending approvals, open alerts). Each domain registers its
// badge hook here.
export function NavBadge({ href }: { href: string }) {
  void href;
  return null;
}
