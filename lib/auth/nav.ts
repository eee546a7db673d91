import { can, type Permission } from "./permissions";

// The dashboard's pages and the permissions that open them (any one is enough): the same table drives
// the navigation, the page guards and the authorization matrix test.
export interface PageAccess {
  href: string;
  label: string;
  anyOf: readonly Permission[];
}

export const NAV_ITEMS: readonly PageAccess[] = [
  { href: "/", label: "Overview", anyOf: ["dashboard:read"] },
  { href: "/events", label: "Events", anyOf: ["events:read"] },
  { href: "/approvals", label: "Approvals", anyOf: ["approvals:read"] },
  { href: "/budgets", label: "Budgets", anyOf: ["budgets:read"] },
  { href: "/alerts", label: "Alerts", anyOf: ["alerts:read"] },
  { href: "/incidents", label: "Incidents", anyOf: ["alerts:read"] },
  { href: "/gateways", label: "Gateways", anyOf: ["gateways:read"] },
  { href: "/tools", label: "Tools", anyOf: ["inventory:read"] },
  { href: "/settings", label: "Settings", anyOf: ["users:read", "audit:read"] },
];

// Pages below the navigation entries that need their own permission.
export const SUB_PAGES: readonly PageAccess[] = [
  { href: "/settings/users", label: "Users", anyOf: ["users:read"] },
  { href: "/settings/audit", label: "Audit log", anyOf: ["audit:read"] },
  { href: "/account", label: "Your account", anyOf: ["dashboard:read"] },
];

export function canOpen(roles: readonly string[], page: PageAccess): boolean {
  return page.anyOf.some((p) => can(roles, p));
}
