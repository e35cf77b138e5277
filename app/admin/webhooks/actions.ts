"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import { rerunDelivery } from "@/lib/webhooks/rerun";

// Owners only: a re-run asks Microsoft again and may change a subscription (and is audited with who asked).
export const rerunDeliveryAction = staffAction(
  "owner",
  z.object({ deliveryId: z.uuid() }),
  async ({ deliveryId }, user) => {
    const rerun = await rerunDelivery(deliveryId, { id: user.id, label: user.email ?? user.name });
    if (rerun.kind === "not-found") throw new ExpectedError("This delivery no longer exists.");
    if (rerun.kind === "not-rerunnable") {
      throw new ExpectedError(
        rerun.status === "Queued" || rerun.status === "Running"
          ? "This delivery is already in the queue; look again in a moment."
          : `Only failed, refused or pending deliveries can be re-run; this one is ${rerun.status}.`,
      );
    }
    revalidatePath("/admin/webhooks");
    return { status: "Queued" as const, outcome: "Queued again: a worker applies it in a moment." };
  },
);
