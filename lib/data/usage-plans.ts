import "server-only";
import { getDb, type Db } from "@/lib/db";
import type { PlanRecord } from "./plans";

/** The portal's copies of several plans at once (metering validates a whole request with one read). */
export async function findPlans(
  keys: readonly { offerId: string; planId: string }[],
  db: Db = getDb(),
): Promise<Map<string, PlanRecord>> {
  if (keys.length === 0) return new Map();
  const rows = await db.plan.findMany({
    where: { OR: keys.map(({ offerId, planId }) => ({ offerId, planId })) },
  });
  return new Map(rows.map((p) => [planKey(p), p]));
}

export const planKey = (p: { offerId: string; planId: string }): string => `${p.offerId}/${p.planId}`;
