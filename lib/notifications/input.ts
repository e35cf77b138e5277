import { z } from "zod";
import { CHANNEL_KINDS, NOTIFICATION_RULE_KINDS, ZPendingParams } from "./rules";

/** What owners submit on Admin → Notifications, checked on the server (the form's own checks are a convenience). */

const emailList = z
  .string()
  .trim()
  .min(1, "Give at least one address.")
  .max(1_000)
  .refine(
    (v) => v.split(",").every((a) => z.email().safeParse(a.trim()).success),
    "Give e-mail addresses separated by commas.",
  )
  .transform((v) =>
    v
      .split(",")
      .map((a) => a.trim())
      .join(", "),
  );

/** Production: https only (the URL carries its own secret; plain http would expose it on the wire). */
const webhookUrl = (production: boolean) =>
  z
    .url({
      protocol: production ? /^https$/ : /^https?$/,
      error: production ? "Give an https:// URL." : "Give an http(s):// URL.",
    })
    .max(2_000);

export const channelInput = (production: boolean) =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("email"), name: z.string().trim().min(1).max(100), target: emailList }),
    z.strictObject({
      kind: z.enum(CHANNEL_KINDS.filter((k) => k !== "email") as ["teams", "slack"]),
      name: z.string().trim().min(1).max(100),
      target: webhookUrl(production),
    }),
  ]);

export const ruleInput = z
  .strictObject({
    kind: z.enum(NOTIFICATION_RULE_KINDS),
    enabled: z.boolean(),
    delivery: z.enum(["immediate", "digest"]),
    channelIds: z.array(z.uuid()).max(20),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .transform((r, ctx) => {
    if (r.kind !== "pending_activation") return { ...r, params: {} };
    const params = ZPendingParams.safeParse(r.params);
    if (!params.success || params.data.remindDays >= params.data.escalateDays) {
      ctx.addIssue({ code: "custom", path: ["params"], message: "Remind before escalating (1–28 and 2–29 days)." });
      return z.NEVER;
    }
    return { ...r, params: params.data };
  });
