import "server-only";
import { getDb, type Db } from "@/lib/db";
import type { Plan, Prisma } from "@/generated/prisma/client";

export type PlanRecord = Plan;

/** A plan as listAvailablePlans describes it, already parsed. */
export type PlanInput = {
  offerId: string;
  planId: string;
  displayName: string;
  description: string | null;
  isPrivate: boolean;
  isPricePerSeat: boolean;
  hasFreeTrials: boolean;
  isStopSell: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  market: string | null;
  prices: Prisma.InputJsonValue;
  meteringDimensions: Prisma.InputJsonValue;
};

/** Keeps the portal's copy of an offer's plans current (plans are per offer: the same plan id may exist in two offers). */
export async function upsertPlans(plans: PlanInput[], db: Db = getDb()): Promise<void> {
  for (const plan of plans) {
    const { offerId, planId, ...rest } = plan;
    await db.plan.upsert({ where: { offerId_planId: { offerId, planId } }, create: plan, update: rest });
  }
}

export function getPlan(offerId: string, planId: string, db: Db = getDb()): Promise<PlanRecord | null> {
  return db.plan.findUnique({ where: { offerId_planId: { offerId, planId } } });
}

export function listPlans(offerId: string, db: Db = getDb()): Promise<PlanRecord[]> {
  return db.plan.findMany({ where: { offerId }, orderBy: { displayName: "asc" } });
}
