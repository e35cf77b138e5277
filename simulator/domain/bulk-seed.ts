// POST /_sim/subscriptions/bulk: many subscriptions written straight into the state, for benchmarks and
// tests at scale. No purchase tokens, no operations, no webhooks: as if they had been bought and lived for
// a while before the publisher looked. Realistic variety: statuses, plans of the offer(s), seats within the
// plan's limits, terms, CSP purchases, tests, trials, and purchase dates spread over the past.
import { z } from "zod";
import type { SubscriptionStatus, TermUnit } from "../api-types";
import type { SimContext } from "../context";
import { DAY_MS, addUtcMonths, isoSeconds, startOfUtcDay } from "../core/clock";
import type { SubscriptionRecord } from "../core/state";
import { findUser, identityOf } from "../entra/users";
import type { OfferSeed, PlanSeed } from "../seed/load-seed";
import { findOffer, findTenant, isPlanVisibleTo, offers } from "./catalog";
import { WORKLOAD, createRandom, syntheticCustomers, type Buyer, type Random } from "./bulk-people";
import { fail, ok, type Result } from "./result";
import { termDates } from "./term";

const STATUSES = ["PendingFulfillmentStart", "Subscribed", "Suspended", "Unsubscribed"] as const;
type BulkStatus = (typeof STATUSES)[number];

/** A living offer: most subscriptions active, a tail of cancellations, recent purchases still pending. */
const DEFAULT_MIX: Record<BulkStatus, number> = {
  Subscribed: 62,
  Unsubscribed: 21,
  Suspended: 4,
  PendingFulfillmentStart: 13,
};

export const MAX_BULK = 200_000;

export const ZBulkInput = z
  .object({
    count: z.number().int().min(1).max(MAX_BULK),
    /** Default: every offer of the catalog. */
    offerId: z.string().min(1).optional(),
    /** Needs offerId. Default: every plan of the offer(s) that the buyer may buy. */
    planId: z.string().min(1).optional(),
    /** One status for all … */
    status: z.enum(STATUSES).optional(),
    /** … or relative weights, e.g. {"Subscribed": 9, "Unsubscribed": 1}. Default: 62/21/4/13 (Subscribed/Unsubscribed/Suspended/Pending). */
    statusMix: z.partialRecord(z.enum(STATUSES), z.number().nonnegative()).optional(),
    /** Buyers drawn from these personas (or e-mails). Default: synthetic customers in many tenants. */
    personaIds: z.array(z.string().min(1)).min(1).max(1000).optional(),
    /** Share of CSP purchases (purchaser = a partner in another tenant, allowedCustomerOperations ["Read"]). */
    cspShare: z.number().min(0).max(1).default(0.05),
    testShare: z.number().min(0).max(1).default(0.02),
    /** Purchases are dated within this many days before Marketplace time (pending ones within 30). */
    createdWithinDays: z.number().int().min(1).max(3650).default(730),
    /** Same seed, same catalog and clock → the same subscriptions (ids included). Default: random. */
    seed: z.number().int().optional(),
  })
  .refine((v) => v.status === undefined || v.statusMix === undefined, {
    message: "Give status or statusMix, not both.",
    path: ["statusMix"],
  })
  .refine((v) => v.planId === undefined || v.offerId !== undefined, {
    message: "planId needs offerId (plan ids are unique per offer only).",
    path: ["planId"],
  })
  .refine((v) => v.statusMix === undefined || Object.values(v.statusMix).some((w) => w > 0), {
    message: "statusMix needs a positive weight.",
    path: ["statusMix"],
  });

export type BulkInput = z.infer<typeof ZBulkInput>;
export type BulkResult = {
  created: number;
  total: number;
  durationMs: number;
  byStatus: Record<string, number>;
  ids?: string[];
};

const MONTHS: Record<TermUnit, number> = { P1M: 1, P1Y: 12, P2Y: 24, P3Y: 36, P4Y: 48, P5Y: 60 };

/** The term in effect at `at` for a subscription activated on `activated` (terms renew back to back). */
function termAt(termUnit: TermUnit, activated: Date, at: Date): { startDate: string; endDate: string } {
  const months = MONTHS[termUnit];
  const start = startOfUtcDay(activated);
  const elapsed = (at.getUTCFullYear() - start.getUTCFullYear()) * 12 + at.getUTCMonth() - start.getUTCMonth();
  let k = Math.max(0, Math.floor(elapsed / months));
  if (addUtcMonths(start, k * months).getTime() > at.getTime()) k = Math.max(0, k - 1);
  return termDates(termUnit, addUtcMonths(start, k * months));
}

function weightedPick<T extends string>(random: Random, weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = random.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return entries[entries.length - 1]![0];
}

type Candidate = { offer: OfferSeed; plan: PlanSeed };

function candidates(ctx: SimContext, input: BulkInput): Result<Candidate[]> {
  const offer = input.offerId === undefined ? undefined : findOffer(ctx, input.offerId);
  if (input.offerId !== undefined && !offer)
    return fail(404, "EntityNotFound", `Offer ${input.offerId} not found.`, "offerId");
  const all = (offer ? [offer] : offers(ctx)).flatMap((o) => o.plans.map((plan) => ({ offer: o, plan })));
  if (input.planId !== undefined) {
    const chosen = all.filter((c) => c.plan.planId === input.planId);
    return chosen.length
      ? ok(chosen)
      : fail(404, "EntityNotFound", `Plan ${input.planId} of offer ${input.offerId ?? ""} not found.`, "planId");
  }
  // Left out unless asked for by name: plans no longer sold.
  return ok(all.filter((c) => !c.plan.isStopSell));
}

/** Creates `count` subscriptions in the state; the caller persists (store.changed()). */
export function bulkSeed(ctx: SimContext, input: BulkInput): Result<BulkResult> {
  const started = Date.now();
  const pool = candidates(ctx, input);
  if (!pool.ok) return pool;
  let personas: Buyer[] | undefined;
  if (input.personaIds) {
    personas = [];
    for (const id of input.personaIds) {
      const user = findUser(ctx, id);
      if (!user) return fail(400, "BadArgument", `Unknown persona or e-mail '${id}'.`, "personaIds");
      personas.push({
        identity: identityOf(user),
        tenantName: findTenant(ctx, user.tenantId)?.displayName ?? user.name,
        ...(user.personaId ? { personaId: user.personaId } : {}),
      });
    }
  }
  const random = createRandom(input.seed ?? Math.floor(Math.random() * 2 ** 31));
  const people = syntheticCustomers(random, input.count);
  const mix: Partial<Record<BulkStatus, number>> = input.status
    ? { [input.status]: 1 }
    : (input.statusMix ?? DEFAULT_MIX);
  const now = ctx.clock.now();
  const byStatus: Record<string, number> = {};
  const created: SubscriptionRecord[] = [];
  const visibleByTenant = new Map<string, Candidate[]>();

  for (let i = 0; i < input.count; i++) {
    const buyer = personas ? random.pick(personas) : people.buyer();
    // Private plans only for the tenants in their audience, as at purchase (cached: thousands of tenants, few plans).
    const tenantId = buyer.identity.tenantId;
    let visible = visibleByTenant.get(tenantId);
    if (!visible)
      visibleByTenant.set(tenantId, (visible = pool.value.filter((c) => isPlanVisibleTo(c.plan, tenantId))));
    if (visible.length === 0)
      return fail(
        400,
        "BadArgument",
        "No plan of the selection is visible to the buyers' tenants (private plans).",
        "planId",
      );
    const { offer, plan } = random.pick(visible);
    let status: SubscriptionStatus = weightedPick(random, mix);
    // Auto-activation plans are Subscribed from the start.
    if (status === "PendingFulfillmentStart" && plan.autoActivation) status = "Subscribed";
    const partner = random.next() < input.cspShare && !personas ? people.partner() : undefined;
    const term = random.pick(plan.planComponents.recurrentBillingTerms).termUnit;
    const maxAgeDays =
      status === "PendingFulfillmentStart" ? Math.min(30, input.createdWithinDays) : input.createdWithinDays;
    const createdAt = new Date(now.getTime() - random.next() * maxAgeDays * DAY_MS);
    const activated = new Date(Math.min(now.getTime(), createdAt.getTime() + random.int(0, 2) * DAY_MS));
    const sim: SubscriptionRecord["sim"] = buyer.personaId ? { beneficiaryPersonaId: buyer.personaId } : {};
    let dates: { startDate: string; endDate: string };
    if (status === "PendingFulfillmentStart") dates = termDates(term, now);
    else if (status === "Unsubscribed") {
      const cancelled = new Date(activated.getTime() + random.next() * (now.getTime() - activated.getTime()));
      dates = termAt(term, activated, cancelled);
      sim.unsubscribedAt = cancelled.toISOString();
    } else {
      dates = termAt(term, activated, now);
      // Within the 30-day grace, or a clock change would cancel them on the spot.
      if (status === "Suspended") sim.suspendedAt = isoSeconds(new Date(now.getTime() - random.next() * 20 * DAY_MS));
    }
    if (plan.privateOfferId) sim.privateOfferId = plan.privateOfferId;
    const minSeats = plan.minQuantity ?? 1;
    const maxSeats = plan.maxQuantity ?? 1000;
    const sub: SubscriptionRecord = {
      id: random.guid(),
      publisherId: ctx.seed.publisher.publisherId,
      offerId: offer.offerId,
      planId: plan.planId,
      name: `${buyer.tenantName} ${random.pick(WORKLOAD)}`,
      // Seats skewed towards the plan's minimum, as real seat counts are.
      ...(plan.isPricePerSeat
        ? { quantity: minSeats + Math.floor((maxSeats - minSeats + 1) * random.next() ** 3) }
        : {}),
      status,
      beneficiary: buyer.identity,
      purchaser: partner?.identity ?? buyer.identity,
      term: { termUnit: term, ...dates },
      autoRenew: status === "Unsubscribed" ? random.next() < 0.5 : random.next() < 0.9,
      isTest: random.next() < input.testShare,
      // A trial lasts the first month of the first term.
      isFreeTrial:
        plan.hasFreeTrials &&
        (status === "PendingFulfillmentStart" ||
          (status === "Subscribed" && now.getTime() - activated.getTime() < 30 * DAY_MS)),
      allowedCustomerOperations: partner ? ["Read"] : ["Read", "Update", "Delete"],
      sandboxType: "None",
      sessionMode: "None",
      created: isoSeconds(createdAt),
      sim,
    };
    created.push(sub);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  // One push per record: spreading 100 000 arguments would overflow the call stack.
  const list = ctx.store.state.subscriptions;
  for (const sub of created) list.push(sub);
  ctx.store.changed();
  const durationMs = Date.now() - started;
  ctx.log.info(`bulk seed: ${created.length} subscriptions in ${durationMs}ms`);
  return ok({
    created: created.length,
    total: list.length,
    durationMs,
    byStatus,
    ...(created.length <= 1000 ? { ids: created.map((s) => s.id) } : {}),
  });
}
