"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import { ROLES } from "@/lib/auth/roles";
import { countUsersWithRole, getUser, grantRoleBy, revokeRoleBy } from "@/lib/data/users";
import { getEnv } from "@/lib/env";

const input = z.object({ userId: z.uuid(), role: z.enum(ROLES) });

// Owners only; every change is audited with who made it.
export const grantRoleAction = staffAction("owner", input, async ({ userId, role }, owner) => {
  const target = await getUser(userId);
  if (!target) throw new ExpectedError("No such person: they must have signed in once.");
  await grantRoleBy(userId, role, { id: owner.id, label: owner.email ?? owner.name });
  revalidatePath("/admin/people");
  return { userId, role };
});

export const revokeRoleAction = staffAction("owner", input, async ({ userId, role }, owner) => {
  // Nobody locks themselves (or everyone) out: the lock-outs SaaS Accelerator users report (#521, #595).
  if (userId === owner.id && role === "owner")
    throw new ExpectedError("You cannot remove your own owner role: ask another owner.");
  if (role === "owner" && (await countUsersWithRole("owner")) <= 1 && getEnv().admin.owners.length === 0) {
    throw new ExpectedError(
      "This is the last owner granted in the portal and ADMIN_OWNERS is empty: grant another owner first.",
    );
  }
  await revokeRoleBy(userId, role, { id: owner.id, label: owner.email ?? owner.name });
  revalidatePath("/admin/people");
  return { userId, role };
});
