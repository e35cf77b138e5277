import { describe, expect, it } from "vitest";
import { PERSONAL_ACCOUNTS_TENANT_ID as MSA, isParty, relationTo } from "./parties";

const CONTOSO = "c0ffee00-0000-4000-8000-00000000c001";
const NORTHWIND = "c0ffee00-0000-4000-8000-00000000c002";
const alice = { tid: CONTOSO, oid: "a11ce000-0000-4000-8000-00000000a001" };
const ben = { tid: CONTOSO.toUpperCase(), oid: "b0000000-0000-4000-8000-00000000b002" };
const bob = { tid: MSA, oid: "00000000-0000-0000-b0b0-00000000b0b0" };
const eve = { tid: MSA, oid: "00000000-0000-0000-e0e0-00000000e0e0" };
const party = (p: { tid: string; oid: string }) => ({ tenantId: p.tid, objectId: p.oid });

describe("isParty", () => {
  it("work accounts: anyone of the party's tenant (a colleague may set it up), compared without case", () => {
    expect(isParty(ben, party(alice))).toBe(true);
    expect(isParty({ tid: NORTHWIND, oid: alice.oid }, party(alice))).toBe(false);
    expect(isParty(alice, { tenantId: null, objectId: null })).toBe(false);
  });

  it("personal accounts share one tenant id: only the same object id is the same person", () => {
    expect(isParty(bob, party(bob))).toBe(true);
    expect(isParty(eve, party(bob))).toBe(false);
    expect(isParty(eve, { tenantId: MSA, objectId: null })).toBe(false);
  });
});

describe("relationTo", () => {
  it("party when purchaser or beneficiary, outsider when neither, unknown when Microsoft named no tenant", () => {
    const carol = { tid: NORTHWIND, oid: "ca401000-0000-4000-8000-00000000c0c0" };
    expect(relationTo(carol, party(carol), party(alice))).toBe("party");
    expect(relationTo(ben, party(carol), party(alice))).toBe("party");
    expect(relationTo(bob, party(carol), party(alice))).toBe("outsider");
    expect(relationTo(eve, party(bob), party(bob))).toBe("outsider");
    const nobody = { tenantId: null, objectId: null };
    expect(relationTo(bob, nobody, nobody)).toBe("unknown");
  });
});
