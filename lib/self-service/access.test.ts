import { describe, expect, it } from "vitest";
import { MSA_TENANT_ID } from "@/lib/env/defaults";
import { mayAct, TENANT_ADMIN_APP_ROLE, type Actor, type SelfServicePolicy, type Subject } from "./access";

const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const NORTHWIND = "c0ffee00-0000-4000-8000-00000000c002";
const subject: Subject = { beneficiaryTenantId: CONTOSO, beneficiaryObjectId: "alice-oid", activatedById: "alice-id" };
const alice: Actor = { userId: "alice-id", tid: CONTOSO, oid: "alice-oid", appRoles: [] };
const ben: Actor = { userId: "ben-id", tid: CONTOSO.toUpperCase(), oid: "ben-oid", appRoles: [] };
const benAdmin: Actor = { ...ben, appRoles: [TENANT_ADMIN_APP_ROLE] };
const partner: Actor = { userId: "carol-id", tid: NORTHWIND, oid: "carol-oid", appRoles: [TENANT_ADMIN_APP_ROLE] };
const on = (actors: SelfServicePolicy["actors"]): SelfServicePolicy => ({ enabled: true, actors });

describe("who may act on a subscription from 'Your subscription'", () => {
  it("nobody while the publisher has self-service off, not even the activator", () => {
    expect(mayAct({ enabled: false, actors: "tenant" }, alice, subject)).toEqual({
      allowed: false,
      reason: "disabled",
    });
  });

  it("'any user of the tenant': every colleague of the beneficiary's tenant (tenant ids compared case-insensitively)", () => {
    expect(mayAct(on("tenant"), alice, subject).allowed).toBe(true);
    expect(mayAct(on("tenant"), ben, subject).allowed).toBe(true);
  });

  it("never the purchaser's side (a CSP partner), whatever the setting and its roles", () => {
    for (const actors of ["tenant", "activator", "tenantAdmin"] as const)
      expect(mayAct(on(actors), partner, subject)).toEqual({ allowed: false, reason: "not-beneficiary" });
    // Even when that partner is the one who activated it.
    expect(mayAct(on("activator"), partner, { ...subject, activatedById: "carol-id" }).allowed).toBe(false);
  });

  it("'only the activator': the person who activated it, not a colleague", () => {
    expect(mayAct(on("activator"), alice, subject).allowed).toBe(true);
    expect(mayAct(on("activator"), ben, subject)).toEqual({ allowed: false, reason: "not-activator" });
    expect(mayAct(on("activator"), alice, { ...subject, activatedById: null }).allowed).toBe(false);
  });

  it("'a tenant admin': a user of the tenant whose ID token carries the app role, nobody else", () => {
    expect(mayAct(on("tenantAdmin"), benAdmin, subject).allowed).toBe(true);
    expect(mayAct(on("tenantAdmin"), alice, subject)).toEqual({ allowed: false, reason: "no-admin-role" });
    expect(mayAct(on("tenantAdmin"), { ...ben, appRoles: ["Portal.Owner"] }, subject).allowed).toBe(false);
  });

  it("personal Microsoft accounts share one tenant: only the beneficiary person, never another personal account", () => {
    const msaSubject = { beneficiaryTenantId: MSA_TENANT_ID, beneficiaryObjectId: "bob-oid", activatedById: "bob-id" };
    const bob: Actor = { userId: "bob-id", tid: MSA_TENANT_ID, oid: "bob-oid", appRoles: [] };
    const stranger: Actor = { userId: "eve-id", tid: MSA_TENANT_ID, oid: "eve-oid", appRoles: [TENANT_ADMIN_APP_ROLE] };
    expect(mayAct(on("tenant"), bob, msaSubject).allowed).toBe(true);
    expect(mayAct(on("tenant"), stranger, msaSubject)).toEqual({ allowed: false, reason: "not-beneficiary" });
    expect(mayAct(on("tenantAdmin"), stranger, msaSubject).allowed).toBe(false);
  });
});
