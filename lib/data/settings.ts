import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { PORTAL_SETTINGS, type BuyerActors, type SettingKey, type SettingValue } from "@/lib/domain/settings";
import { recordEvent } from "./events";

/**
 * Portal settings (the PortalSetting table): the only writer, and every change is a `setting.changed` event
 * in the same transaction (who, the value before and after). Read from the database on every use, with no
 * cache in the process: a change holds on every instance from the next request on.
 */

export type SettingRecord<K extends SettingKey> = {
  key: K;
  value: SettingValue<K>;
  /** Null: never changed (the default). */
  updatedAt: Date | null;
  updatedByLabel: string | null;
};

export type SettingChanger = { id: string; label: string | null };

/** A stored value that no longer fits its schema (a hand edit, an older version) counts as the default. */
function valueOf<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const parsed = PORTAL_SETTINGS[key].schema.safeParse(stored);
  return (parsed.success ? parsed.data : PORTAL_SETTINGS[key].default) as SettingValue<K>;
}

export async function getSetting<K extends SettingKey>(key: K, db: Db = getDb()): Promise<SettingRecord<K>> {
  const row = await db.portalSetting.findUnique({ where: { key } });
  return {
    key,
    value: valueOf(key, row?.value),
    // A row nobody changed (the default, written to have a row to lock) has no author: "never changed".
    updatedAt: row?.updatedById ? row.updatedAt : null,
    updatedByLabel: row?.updatedByLabel ?? null,
  };
}

/** Whether a buyer's confirmation waits for the ISV's provisioning before activating at Microsoft. */
export async function isProvisioningGateOn(db: Db = getDb()): Promise<boolean> {
  return (await getSetting("provisioningGate", db)).value;
}

/** Buyer self-service (Admin → Settings): whether buyers may act at all, and which of their people. */
export async function getSelfServicePolicy(db: Db = getDb()): Promise<{ enabled: boolean; actors: BuyerActors }> {
  const [enabled, actors] = await Promise.all([
    getSetting("buyerSelfService", db),
    getSetting("buyerSelfServiceActors", db),
  ]);
  return { enabled: enabled.value, actors: actors.value };
}

/**
 * Sets a setting and records who changed it from what. The row is locked while it changes, so two owners
 * saving at once write two truthful events. Returns false (and writes nothing) when the value is already so.
 */
export async function setSetting<K extends SettingKey>(
  key: K,
  value: SettingValue<K>,
  by: SettingChanger,
): Promise<boolean> {
  const checked = PORTAL_SETTINGS[key].schema.parse(value) as Prisma.InputJsonValue;
  return inTransaction(async (tx) => {
    // The default's row first (when nobody set it yet), so that two owners saving at once wait on one row lock.
    await tx.$executeRaw`INSERT INTO "PortalSetting" ("key", "value", "updatedAt") VALUES (${key}, ${JSON.stringify(PORTAL_SETTINGS[key].default)}::jsonb, now()) ON CONFLICT ("key") DO NOTHING`;
    const [row] = await tx.$queryRaw<{ value: unknown }[]>`
      SELECT "value" FROM "PortalSetting" WHERE "key" = ${key} FOR UPDATE`;
    const before = valueOf(key, row?.value);
    if (JSON.stringify(before) === JSON.stringify(checked)) return false;
    await tx.portalSetting.update({
      where: { key },
      data: { value: checked, updatedById: by.id, updatedByLabel: by.label },
    });
    await recordEvent(
      {
        type: "setting.changed",
        action: "setting.changed",
        actor: { type: "user", id: by.id, label: by.label },
        subject: { type: "setting", id: key },
        before: { value: before },
        after: { value: checked },
      },
      tx,
    );
    return true;
  });
}
