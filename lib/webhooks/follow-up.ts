import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { finishPendingDelivery } from "@/lib/data/deliveries";
import { log } from "@/lib/log";
import { isMarketplaceError, type SubscriptionSnapshot } from "@/lib/marketplace";
import { describeReading, microsoftCalls, type Reading } from "./microsoft";
import { storeResult } from "./store";

/**
 * The follow-up of a Pending delivery (rules.ts, verdict "follow-up"): the publisher's answer reached
 * Microsoft (the delivery's attempt is done), but Microsoft's Get Subscription did not show the change yet
 * (its view lags behind its operations). Reads again with growing pauses, about a minute in all, and
 * stores Microsoft's state once it shows the change; the delivery becomes Applied. If it never does, the
 * last reading is stored all the same (it is Microsoft's truth) and the delivery stays Pending, saying so:
 * an owner can re-run it, and reconciliation keeps comparing. Runs in the background (background.ts), so a
 * restart loses it; reconciliation is the durable backstop.
 */

/** Pauses before each read. */
export const FOLLOW_UP_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

export type FollowUp = {
  deliveryId: string;
  operationId: string;
  subscriptionId: string;
  action: string;
  /** Whether Microsoft's subscription shows the operation's effect. */
  shows(snapshot: SubscriptionSnapshot): boolean;
  /** What was decided and answered: the start of the delivery's final outcome. */
  note: string;
};

export async function followUp(input: FollowUp, delays: readonly number[] = FOLLOW_UP_DELAYS_MS): Promise<void> {
  const started = Date.now();
  const correlationId = randomUUID();
  const after = () => `${Math.round((Date.now() - started) / 1000)} s later`;
  let latest: Reading | undefined;
  for (const [i, delay] of delays.entries()) {
    const last = i === delays.length - 1;
    await sleep(delay);
    try {
      latest = await microsoftCalls(Date.now(), correlationId).readSubscription(input.subscriptionId);
    } catch (e) {
      if (!isMarketplaceError(e)) throw e;
      log.warn(
        { operationId: input.operationId, kind: e.kind },
        "webhook follow-up: Get Subscription failed; trying again",
      );
      continue;
    }
    const shown = input.shows(latest.snapshot);
    if (!shown && !last) continue;
    const saved = await storeResult({
      action: input.action,
      subscriptionId: input.subscriptionId,
      reading: latest,
      decision: undefined,
    });
    // A newer reading is stored already (another delivery, reconciliation): read again, unless this was the last try.
    if (saved === "outdated" && !last) continue;
    return conclude(
      input,
      shown,
      saved === "outdated" ? "a newer reading of Microsoft was stored meanwhile" : `stored ${describeReading(latest)}`,
      after(),
    );
  }
  if (!latest) {
    return finish(
      input,
      "Pending",
      `${input.note} Microsoft could not be reached to follow it up (${after()}); reconciliation will store its state, or an owner can re-run it.`,
    );
  }
  const saved = await storeResult({
    action: input.action,
    subscriptionId: input.subscriptionId,
    reading: latest,
    decision: undefined,
  });
  return conclude(
    input,
    false,
    saved === "outdated" ? "a newer reading of Microsoft was stored meanwhile" : `stored ${describeReading(latest)}`,
    after(),
  );
}

function conclude(input: FollowUp, shown: boolean, stored: string, when: string): Promise<void> {
  return shown
    ? finish(input, "Applied", `${input.note} Microsoft's subscription showed it ${when} (follow-up read): ${stored}.`)
    : finish(
        input,
        "Pending",
        `${input.note} Microsoft's subscription still did not show it ${when} (follow-up reads): ${stored}; an owner can re-run it, and reconciliation keeps comparing.`,
      );
}

async function finish(input: FollowUp, status: "Applied" | "Pending", outcome: string): Promise<void> {
  const changed = await finishPendingDelivery(input.deliveryId, status, outcome);
  log.info(
    { operationId: input.operationId, subscriptionId: input.subscriptionId, status, changed },
    "webhook follow-up finished",
  );
}
