"use client";
// Open alerts count in the navigation (owned by the alerting work).
export function OpenAlertsBadge() {
  return null;
}
