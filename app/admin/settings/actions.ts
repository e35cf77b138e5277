"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/auth/guard";
import { setSetting } from "@/lib/data/settings";
import { BUYER_ACTORS } from "@/lib/domain/settings";

// Owners only; every change is a setting.changed event with who changed it (lib/data/settings.ts).
export const setProvisioningGateAction = staffAction(
  "owner",
  z.strictObject({ on: z.enum(["true", "false"]) }),
  async ({ on }, owner) => {
    const changed = await setSetting("provisioningGate", on === "true", {
      id: owner.id,
      label: owner.email ?? owner.name,
    });
    revalidatePath("/admin/settings");
    return { on: on === "true", changed };
  },
);

// Buyer self-service (the "Your subscription" page): on/off and who of the buyer's people may act.
export const setBuyerSelfServiceAction = staffAction(
  "owner",
  z.strictObject({ on: z.enum(["true", "false"]), actors: z.enum(BUYER_ACTORS) }),
  async ({ on, actors }, owner) => {
    const by = { id: owner.id, label: owner.email ?? owner.name };
    const changed = [
      await setSetting("buyerSelfService", on === "true", by),
      await setSetting("buyerSelfServiceActors", actors, by),
    ].some(Boolean);
    revalidatePath("/admin/settings");
    return { on: on === "true", actors, changed };
  },
);
