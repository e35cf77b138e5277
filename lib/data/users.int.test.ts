import { describe, expect, it } from "vitest";
import { countUsersWithRole, grantRole, listGrantedRoles, revokeRole, upsertSignedInUser } from "./users";

describe("users and roles", () => {
  it("identifies a person by tenant and object id, refreshing name and e-mail", async () => {
    const first = await upsertSignedInUser({
      tenantId: "tenant-a",
      objectId: "oid-1",
      email: "old@contoso.example",
      name: "Old",
    });
    const again = await upsertSignedInUser({
      tenantId: "tenant-a",
      objectId: "oid-1",
      email: "new@contoso.example",
      name: "New",
    });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ email: "new@contoso.example", name: "New" });
    const other = await upsertSignedInUser({ tenantId: "tenant-b", objectId: "oid-1", email: null, name: null });
    expect(other.id).not.toBe(first.id);
  });

  it("grants a role once and revokes it", async () => {
    const user = await upsertSignedInUser({ tenantId: "tenant-a", objectId: "oid-roles", email: null, name: null });
    const before = await countUsersWithRole("owner");
    await grantRole(user.id, "owner", null);
    await grantRole(user.id, "owner", null);
    await grantRole(user.id, "viewer", null);
    expect((await listGrantedRoles(user.id)).sort()).toEqual(["owner", "viewer"]);
    expect(await countUsersWithRole("owner")).toBe(before + 1);
    await revokeRole(user.id, "owner");
    expect(await listGrantedRoles(user.id)).toEqual(["viewer"]);
  });
});
