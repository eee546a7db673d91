import { describe, expect, it } from "vitest";
import { mapOidcRoles, parseOidcRoleMap } from "./map-oidc-roles";

const MAP = parseOidcRoleMap("warden-reviewers=reviewer, warden-admins=admin,warden-ops=security,warden-ops=manager");

describe("parseOidcRoleMap", () => {
  it("reads group=role pairs, a group repeated for several roles, and a JSON object for names with commas", () => {
    expect([...MAP]).toEqual([
      ["warden-reviewers", ["reviewer"]],
      ["warden-admins", ["admin"]],
      ["warden-ops", ["security", "manager"]],
    ]);
    expect([...parseOidcRoleMap('{"CN=Admins,OU=Groups,DC=corp": "admin", "ops": ["security", "viewer"]}')]).toEqual([
      ["CN=Admins,OU=Groups,DC=corp", ["admin"]],
      ["ops", ["security", "viewer"]],
    ]);
    expect([...parseOidcRoleMap("team=a=b=reviewer")]).toEqual([["team=a=b", ["reviewer"]]]);
  });

  it.each([
    ["warden-admins=wizard", /unknown role "wizard"/],
    ["warden-admins", /must be group=role/],
    ["=admin", /must be group=role/],
    ["", /maps no group/],
    ["{nope", /not valid JSON/],
    ['["admin"]', /must be an object/],
    ['{"g": 1}', /unknown role "1"/],
  ])("refuses %j", (raw, message) => {
    expect(() => parseOidcRoleMap(raw)).toThrow(message);
  });
});

describe("mapOidcRoles", () => {
  const base = { roleMap: MAP, defaultRole: "viewer" as const, requireGroup: false };

  it("gives the union of the mapped groups' roles, in the order of ROLES, ignoring unmapped groups", () => {
    expect(mapOidcRoles({ ...base, groups: ["warden-reviewers"] })).toEqual({ ok: true, roles: ["reviewer"], matchedGroups: ["warden-reviewers"] });
    expect(mapOidcRoles({ ...base, groups: ["everyone", "warden-ops", "warden-reviewers", "warden-ops"] })).toEqual({
      ok: true,
      roles: ["security", "reviewer", "manager"],
      matchedGroups: ["warden-ops", "warden-reviewers"],
    });
    expect(mapOidcRoles({ ...base, groups: "warden-admins" })).toEqual({ ok: true, roles: ["admin"], matchedGroups: ["warden-admins"] });
  });

  it("matches group names exactly", () => {
    expect(mapOidcRoles({ ...base, groups: ["Warden-Admins", "warden-admins ", "warden"] }).ok && mapOidcRoles({ ...base, groups: ["Warden-Admins"] })).toEqual({
      ok: true,
      roles: ["viewer"],
      matchedGroups: [],
    });
  });

  it.each([[[]], [["everyone"]], [undefined], [null], [42], [[1, { name: "warden-admins" }]]])(
    "a user in no mapped group (groups %j) gets the default role, or is refused when a group is required",
    (groups) => {
      expect(mapOidcRoles({ ...base, groups })).toEqual({ ok: true, roles: ["viewer"], matchedGroups: [] });
      expect(mapOidcRoles({ ...base, defaultRole: "reviewer", groups })).toEqual({ ok: true, roles: ["reviewer"], matchedGroups: [] });
      expect(mapOidcRoles({ ...base, requireGroup: true, groups })).toEqual({ ok: false, reason: "no_mapped_group" });
    },
  );
});

describe("OIDC_ROLE_MAP in the environment (lib/env.ts)", () => {
  it("is validated at start-up, naming the variable and the bad entry", async () => {
    const { parseEnv } = await import("../env");
    expect(parseEnv({ OIDC_ROLE_MAP: "warden-admins=admin", OIDC_REQUIRE_GROUP: "1" })).toMatchObject({ OIDC_ROLE_MAP: "warden-admins=admin", OIDC_REQUIRE_GROUP: "1" });
    expect(() => parseEnv({ OIDC_ROLE_MAP: "warden-admins=wizard" })).toThrow(/OIDC_ROLE_MAP: group "warden-admins" maps to unknown role "wizard"/);
    expect(() => parseEnv({ OIDC_REQUIRE_GROUP: "1" })).toThrow(/OIDC_REQUIRE_GROUP: needs OIDC_ROLE_MAP/);
    expect(parseEnv({}).OIDC_REQUIRE_GROUP).toBe("0");
  });
});
