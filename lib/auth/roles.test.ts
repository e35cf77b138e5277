import { describe, expect, it } from "vitest";
import { configuredRoles, hasRole } from "./roles";

const PUBLISHER = "c0ffee00-0000-4000-8000-000000000001";
const OTHER = "c0ffee00-0000-4000-8000-00000000c001";
const admin = {
  tenantId: PUBLISHER,
  owners: ["olivia@fabrikam.example"],
  operators: ["oid-oscar", `${OTHER}/oid-partner`],
  viewers: [],
};

describe("configuredRoles", () => {
  it("honours app roles for users of the publisher's tenant", () => {
    expect(
      configuredRoles({ tid: PUBLISHER, oid: "x", email: null, appRoles: ["Portal.Operator", "Unrelated"] }, admin),
    ).toEqual(["operator"]);
  });

  it("ignores app roles from any other tenant (its admin could assign them to themselves)", () => {
    expect(configuredRoles({ tid: OTHER, oid: "x", email: null, appRoles: ["Portal.Owner"] }, admin)).toEqual([]);
  });

  it("matches allow-listed e-mails and object ids only inside the publisher's tenant", () => {
    expect(
      configuredRoles({ tid: PUBLISHER, oid: "o1", email: "Olivia@Fabrikam.example", appRoles: [] }, admin),
    ).toEqual(["owner"]);
    expect(configuredRoles({ tid: PUBLISHER, oid: "oid-oscar", email: null, appRoles: [] }, admin)).toEqual([
      "operator",
    ]);
    // Same e-mail or object id in another tenant: nothing (e-mail claims are set by that tenant's admin).
    expect(configuredRoles({ tid: OTHER, oid: "o1", email: "olivia@fabrikam.example", appRoles: [] }, admin)).toEqual(
      [],
    );
    expect(configuredRoles({ tid: OTHER, oid: "oid-oscar", email: null, appRoles: [] }, admin)).toEqual([]);
  });

  it("matches tenant/object-id entries for people of other tenants", () => {
    expect(configuredRoles({ tid: OTHER, oid: "oid-partner", email: null, appRoles: [] }, admin)).toEqual(["operator"]);
  });
});

describe("hasRole", () => {
  it("ranks owner above operator above viewer", () => {
    expect(hasRole(["owner"], "viewer")).toBe(true);
    expect(hasRole(["operator"], "operator")).toBe(true);
    expect(hasRole(["operator"], "owner")).toBe(false);
    expect(hasRole(["viewer"], "operator")).toBe(false);
    expect(hasRole([], "viewer")).toBe(false);
  });
});
