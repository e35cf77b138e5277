"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import type { CurrentUser } from "@/lib/auth/session";
import { createChannel, deleteChannel, saveRule } from "@/lib/data/notification-settings";
import { getEnv } from "@/lib/env";
import { publicHostProblem } from "@/lib/events-out/address";
import { channelInput, ruleInput } from "@/lib/notifications/input";

// Owners only; every change is a setting.changed event with who made it (lib/data/notification-settings.ts).
// A webhook URL goes in and never comes back out: the page shows it masked.

const PAGE = "/admin/notifications";
const changer = (owner: CurrentUser) => ({ id: owner.id, label: owner.email ?? owner.name ?? null });

export const createChannelAction = staffAction(
  "owner",
  z.lazy(() => channelInput(getEnv().isProduction)),
  async (input, owner) => {
    const env = getEnv();
    if (input.kind === "email" && !env.notifications.smtp && !env.notifications.captureMail)
      throw new ExpectedError(
        "No SMTP server is configured: set SMTP_URL (or SMTP_HOST) before adding an e-mail channel.",
      );
    // Production: the webhook must resolve to a public address now (and is checked again at every send).
    const problem = input.kind !== "email" && env.isProduction ? await publicHostProblem(input.target) : undefined;
    if (problem) throw new ExpectedError(problem);
    const id = await createChannel(input, changer(owner));
    revalidatePath(PAGE);
    return { id, name: input.name };
  },
);

export const deleteChannelAction = staffAction("owner", z.strictObject({ id: z.uuid() }), async ({ id }, owner) => {
  if (!(await deleteChannel(id, changer(owner)))) throw new ExpectedError("This channel does not exist any more.");
  revalidatePath(PAGE);
  return { id };
});

export const saveRuleAction = staffAction("owner", ruleInput, async ({ kind, ...change }, owner) => {
  const changed = await saveRule(kind, change, changer(owner));
  revalidatePath(PAGE);
  return { kind, changed };
});
