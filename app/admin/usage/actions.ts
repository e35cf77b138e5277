"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import { foldFlaggedHour, resolveFlaggedHour } from "@/lib/data/usage-corrections";
import { queueUsageSubmission } from "@/lib/metering/tasks";

// Corrections of a flagged usage hour: operators and owners only, checked on the server for every call
// (a forged POST included); each is audited with who did it and why.
const correction = z.object({
  id: z.uuid(),
  kind: z.enum(["resolve", "fold"]),
  note: z.string().trim().min(3, "Say what was done or why (at least 3 characters).").max(500),
});

export const correctUsageHourAction = staffAction("operator", correction, async ({ id, kind, note }, user) => {
  const by = { id: user.id, label: user.email ?? user.name };
  const outcome = kind === "resolve" ? await resolveFlaggedHour(id, note, by) : await foldFlaggedHour(id, note, by);
  if (!outcome.ok) throw new ExpectedError(outcome.reason);
  revalidatePath("/admin/usage");
  return undefined;
});

// "Send now": operators queue the hourly submission at once (hours that ended are sent; the current one waits).
export const sendUsageNowAction = staffAction("operator", z.object({}), async () => {
  await queueUsageSubmission();
  return undefined;
});
