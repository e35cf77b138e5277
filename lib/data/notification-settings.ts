import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { getDb, inTransaction } from "@/lib/db";
import {
  maskTarget,
  NOTIFICATION_RULE_KINDS,
  NOTIFICATION_RULES,
  type ChannelKind,
  type NotificationRuleKind,
} from "@/lib/notifications/rules";
import { recordEvent } from "./events";

/**
 * What owners configure on Admin → Notifications: channels and rules. Every change is a `setting.changed`
 * event in the same transaction, with who made it. A webhook URL never reaches the feed: events carry the
 * masked form.
 */

export type Changer = { id: string; label: string | null };

export type ChannelView = { id: string; kind: ChannelKind; name: string; masked: string; createdAt: Date };
export type RuleView = {
  kind: NotificationRuleKind;
  enabled: boolean;
  delivery: "immediate" | "digest";
  channelIds: string[];
  params: unknown;
  updatedAt: Date;
  updatedByLabel: string | null;
};

const audit = (by: Changer, id: string, before: unknown, after: unknown) => ({
  type: "setting.changed" as const,
  action: "setting.changed",
  actor: { type: "user" as const, id: by.id, label: by.label },
  subject: { type: "setting" as const, id },
  before,
  after,
});

export async function listChannels(): Promise<ChannelView[]> {
  const rows = await getDb().notificationChannel.findMany({
    where: { deletedAt: null },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    masked: maskTarget(c.kind, c.target),
    createdAt: c.createdAt,
  }));
}

/** The channels to send to, with their targets (secrets): for the sender only, never for a page. */
export async function channelsForSending(ids: readonly string[]) {
  if (!ids.length) return [];
  return getDb().notificationChannel.findMany({
    where: { id: { in: [...ids] }, deletedAt: null },
    select: { id: true, kind: true, name: true, target: true },
  });
}

export async function createChannel(
  input: { kind: ChannelKind; name: string; target: string },
  by: Changer,
): Promise<string> {
  return inTransaction(async (tx) => {
    const created = await tx.notificationChannel.create({ data: { ...input, createdByLabel: by.label } });
    await recordEvent(
      audit(by, `notifications.channel.${created.id}`, null, {
        kind: input.kind,
        name: input.name,
        target: maskTarget(input.kind, input.target),
      }),
      tx,
    );
    return created.id;
  });
}

/** Deletes a channel (kept for the record) and takes it out of every rule. False when there is none. */
export async function deleteChannel(id: string, by: Changer): Promise<boolean> {
  return inTransaction(async (tx) => {
    const gone = await tx.notificationChannel.updateMany({
      where: { id, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    if (!gone.count) return false;
    await tx.$executeRaw`UPDATE "NotificationRule" SET "channelIds" = array_remove("channelIds", ${id}::uuid), "updatedAt" = now()
      WHERE ${id}::uuid = ANY ("channelIds")`;
    await recordEvent(audit(by, `notifications.channel.${id}`, { deleted: false }, { deleted: true }), tx);
    return true;
  });
}

export async function listRules(): Promise<RuleView[]> {
  const rows = await getDb().notificationRule.findMany();
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_RULE_KINDS.map((kind) => {
    const r = byKind.get(kind);
    return {
      kind,
      enabled: r?.enabled ?? false,
      delivery: r?.delivery ?? "immediate",
      channelIds: r?.channelIds ?? [],
      params: r?.params ?? {},
      updatedAt: r?.updatedAt ?? new Date(0),
      updatedByLabel: r?.updatedByLabel ?? null,
    };
  });
}

export type RuleChange = {
  enabled: boolean;
  delivery: "immediate" | "digest";
  channelIds: string[];
  params: Record<string, unknown>;
};

/**
 * Saves a rule (the row locked: two owners saving at once write two truthful events). Channels that do not
 * exist (deleted meanwhile) are dropped. Returns false when nothing changed.
 */
export async function saveRule(kind: NotificationRuleKind, change: RuleChange, by: Changer): Promise<boolean> {
  return inTransaction(async (tx) => {
    const live = await tx.notificationChannel.findMany({
      where: { id: { in: change.channelIds }, deletedAt: null },
      select: { id: true },
    });
    const channelIds = change.channelIds.filter((id) => live.some((c) => c.id === id));
    const [current] = await tx.$queryRaw<
      { enabled: boolean; delivery: string; channelIds: string[]; params: unknown }[]
    >`
      SELECT "enabled", "delivery"::text AS "delivery", "channelIds"::text[] AS "channelIds", "params"
      FROM "NotificationRule" WHERE "kind" = ${kind} FOR UPDATE`;
    const after = { enabled: change.enabled, delivery: change.delivery, channelIds, params: change.params };
    if (current && JSON.stringify(current) === JSON.stringify(after)) return false;
    const data = {
      ...after,
      params: after.params as Prisma.InputJsonObject,
      eventTypes: [...NOTIFICATION_RULES[kind].eventTypes],
      updatedByLabel: by.label,
    };
    await tx.notificationRule.upsert({ where: { kind }, create: { kind, ...data }, update: data });
    await recordEvent(audit(by, `notifications.rule.${kind}`, current ?? null, after), tx);
    return true;
  });
}

/** One rule's stored params (null when its row is missing). */
export async function ruleParams(kind: NotificationRuleKind): Promise<unknown> {
  return (await getDb().notificationRule.findUnique({ where: { kind }, select: { params: true } }))?.params ?? null;
}
