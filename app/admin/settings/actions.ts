"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/auth/guard";
import { setSetting } from "@/lib/data/settings";

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
