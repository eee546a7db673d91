// RBAC is a table: every route and every navigation entry checks a permission from here.
export const ROLES = ["admin", "security", "reviewer", "manager", "viewer"] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = [
  "dashboard:read",
  "events:read",
  "events:export",
  "approvals:read",
  "approvals:decide",
  "approval_rules:write",
  "tool_settings:write",
  "inventory:read",
  "inventory:write",
  "budgets:read",
  "budgets:write",
  "alerts:read",
  "alerts:write",
  "alert_rules:write",
  "channels:write",
  "gateways:read",
  "gateways:write",
  "users:read",
  "users:write",
  "audit:read",
  /** Delete anyone's shared saved view (everyone manages their own views): admin only. */
  "saved_views:moderate",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  admin: PERMISSIONS,
  security: [
    "dashboard:read",
    "events:read",
    "events:export",
    "approvals:read",
    "approval_rules:write",
    "tool_settings:write",
    "inventory:read",
    "inventory:write",
    "budgets:read",
    "alerts:read",
    "alerts:write",
    "alert_rules:write",
    "gateways:read",
    "audit:read",
  ],
  reviewer: ["dashboard:read", "approvals:read", "approvals:decide"],
  manager: ["dashboard:read", "budgets:read", "budgets:write", "alerts:read"],
  viewer: ["dashboard:read"],
};

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r as RoleName] ?? []) out.add(p);
  return out;
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}
