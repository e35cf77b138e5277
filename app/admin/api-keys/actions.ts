"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ExpectedError, staffAction } from "@/lib/auth/guard";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { API_KEY_EXPIRY_DAYS, API_SCOPES } from "@/lib/domain/api-keys";

const DAY_MS = 86_400_000;

const createInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name: what uses it (e.g. “billing service, production”).")
    .max(100, "Keep the name under 100 characters."),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "Choose at least one scope."),
  expiresInDays: z.enum(API_KEY_EXPIRY_DAYS.map((d) => (d === null ? "never" : String(d))) as [string, ...string[]]),
});

// Owners only; audited with who made it. The key is in this answer and nowhere else: only its hash is kept.
export const createApiKeyAction = staffAction("owner", createInput, async (input, owner) => {
  const expiresAt =
    input.expiresInDays === "never" ? null : new Date(Date.now() + Number(input.expiresInDays) * DAY_MS);
  const { key, record } = await createApiKey(
    { name: input.name, scopes: input.scopes, expiresAt },
    { id: owner.id, label: owner.email ?? owner.name },
  );
  revalidatePath("/admin/api-keys");
  return { key, prefix: record.prefix, name: record.name };
});

// Effective on the next call of the key, on every instance (keys are looked up in the database on each call).
export const revokeApiKeyAction = staffAction("owner", z.strictObject({ id: z.uuid() }), async ({ id }, owner) => {
  if (!(await revokeApiKey(id, { id: owner.id, label: owner.email ?? owner.name })))
    throw new ExpectedError("This key is already revoked, or does not exist. Reload the page.");
  revalidatePath("/admin/api-keys");
  return { id };
});
