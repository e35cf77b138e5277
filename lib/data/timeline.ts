import "server-only";
import { getDb } from "@/lib/db";

/** One line of a subscription's history: who or what changed it, and how. */
export type TimelineEvent =
  | { kind: "audit"; at: Date; id: string; action: string; actor: string; before: unknown; after: unknown }
  | { kind: "delivery"; at: Date; id: string; action: string; status: string; attempts: number; outcome: string | null }
  | {
      kind: "operation";
      at: Date;
      id: string;
      action: string;
      status: string;
      requestedBy: string | null;
      completedAt: Date | null;
      error: string | null;
    };

/** The merged history of a subscription, newest first: audit entries, webhook deliveries, publisher operations. */
export async function getTimeline(subscriptionId: string, limit = 200): Promise<TimelineEvent[]> {
  const db = getDb();
  const [audit, deliveries, operations] = await Promise.all([
    db.event.findMany({
      where: { subjectType: "subscription", subjectId: subscriptionId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: limit,
    }),
    db.webhookDelivery.findMany({ where: { subscriptionId }, orderBy: { receivedAt: "desc" }, take: limit }),
    db.operation.findMany({
      where: { subscriptionId },
      orderBy: { requestedAt: "desc" },
      take: limit,
      include: { requestedBy: { select: { email: true, name: true } } },
    }),
  ]);
  const events: TimelineEvent[] = [
    ...audit.map((a) => ({
      kind: "audit" as const,
      at: a.at,
      id: a.id.toString(),
      action: a.action,
      actor:
        a.actorType === "microsoft"
          ? "Microsoft"
          : a.actorType === "system"
            ? `System (${a.actorId ?? "job"})`
            : (a.actorLabel ?? "A user"),
      before: a.before,
      after: a.after,
    })),
    ...deliveries.map((d) => ({
      kind: "delivery" as const,
      at: d.receivedAt,
      id: d.id,
      action: d.action,
      status: d.status,
      attempts: d.attempts,
      outcome: d.outcome,
    })),
    ...operations.map((o) => ({
      kind: "operation" as const,
      at: o.requestedAt,
      id: o.id,
      action: o.action,
      status: o.status,
      requestedBy: o.requestedBy?.name ?? o.requestedBy?.email ?? null,
      completedAt: o.completedAt,
      error: o.errorMessage,
    })),
  ];
  return events.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
