import { ROLES, type RoleName } from "./permissions";

// IdP groups → Warden roles (OIDC_ROLE_MAP). Enterprises keep reviewers and managers in their IdP; with
// a role map, Warden takes a single sign-on user's roles from their groups at every sign-in.

export type OidcRoleMap = ReadonlyMap<string, readonly RoleName[]>;

/**
 * Parses OIDC_ROLE_MAP: `group=role,group=role` (a group may map to several roles by repeating it, and a
 * group name may itself contain "=": the last one separates the role), or a JSON object
 * `{"CN=Admins,OU=Groups": "admin", "warden-ops": ["security", "manager"]}` for names with commas.
 * Throws an Error naming the first bad entry.
 */
export function parseOidcRoleMap(raw: string): OidcRoleMap {
  const pairs: [string, string][] = [];
  const text = raw.trim();
  if (text.startsWith("{") || text.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error("is not valid JSON");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("must be an object of group → role");
    for (const [group, roles] of Object.entries(parsed as Record<string, unknown>)) {
      for (const role of Array.isArray(roles) ? roles : [roles]) pairs.push([group, typeof role === "string" ? role : JSON.stringify(role)]);
    }
  } else {
    for (const entry of text.split(",")) {
      if (entry.trim() === "") continue;
      const at = entry.lastIndexOf("=");
      if (at <= 0) throw new Error(`entry "${entry.trim()}" must be group=role`);
      pairs.push([entry.slice(0, at).trim(), entry.slice(at + 1).trim()]);
    }
  }
  const map = new Map<string, RoleName[]>();
  for (const [group, role] of pairs) {
    if (group === "") throw new Error("a group name is empty");
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`group "${group}" maps to unknown role "${role}" (roles: ${ROLES.join(", ")})`);
    const roles = map.get(group) ?? [];
    if (!roles.includes(role as RoleName)) roles.push(role as RoleName);
    map.set(group, roles);
  }
  if (map.size === 0) throw new Error("maps no group");
  return map;
}

export type OidcRoles = { ok: true; roles: RoleName[]; matchedGroups: string[] } | { ok: false; reason: "no_mapped_group" };

/**
 * The roles of a single sign-on user from the IdP's groups claim (an array of names, or one name):
 * the union of every mapped group's roles. In no mapped group: `defaultRole`, or refused when
 * `requireGroup`. Group names match exactly (case-sensitive, as IdPs send them).
 */
export function mapOidcRoles(opts: { groups: unknown; roleMap: OidcRoleMap; defaultRole: RoleName; requireGroup: boolean }): OidcRoles {
  const groups = typeof opts.groups === "string" ? [opts.groups] : Array.isArray(opts.groups) ? opts.groups.filter((g): g is string => typeof g === "string") : [];
  const matchedGroups = [...new Set(groups)].filter((g) => opts.roleMap.has(g)).sort();
  const granted = new Set(matchedGroups.flatMap((g) => opts.roleMap.get(g) ?? []));
  if (granted.size === 0) return opts.requireGroup ? { ok: false, reason: "no_mapped_group" } : { ok: true, roles: [opts.defaultRole], matchedGroups };
  return { ok: true, roles: ROLES.filter((r) => granted.has(r)), matchedGroups };
}
