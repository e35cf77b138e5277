/**
 * The soak's traffic: customers buying and changing subscriptions and the publisher patching them, until
 * `deliveries` webhooks were caused, with Microsoft's faults injected along the way at rate `faults` (a
 * share of the deliveries: dropped, duplicated, reordered; Get Operation and Get Subscription answering
 * 429, 500 or hanging), and disruptions (an instance killed, PostgreSQL restarted) at given points.
 */
import type { Marketplace } from "./microsoft";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Known = { id: string; status: string; planId: string; quantity?: number; perSeat: boolean };
export type Disruption = { at: number; name: string; run: () => Promise<void> };
export type SoakResult = {
  caused: number;
  byKind: Record<string, number>;
  faults: Record<string, number>;
  disruptions: { name: string; atSecond: number; tookMs: number; error?: string }[];
  seconds: number;
};

const FLAT = ["auto", "basic", "metered"];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

export async function soak(
  ms: Marketplace,
  options: { deliveries: number; faults: number; rate: number; seeded: Known[]; disruptions: Disruption[] },
  addActivated: (add: (k: Known) => void) => void,
): Promise<SoakResult> {
  const pool: Known[] = [...options.seeded];
  addActivated((k) => pool.push(k));
  const byKind: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const disruptions: SoakResult["disruptions"] = [];
  const started = Date.now();
  let caused = 0;
  const pendingDisruptions = [...options.disruptions].sort((a, b) => a.at - b.at);
  const injectEvery = Math.max(1, Math.floor(options.deliveries / 10));
  let nextInjection = 0;

  /** A tenth of the faults at each tenth of the run: they land all along it, not in one burst. */
  async function injectFaults() {
    const total = options.faults * options.deliveries;
    const share = (weight: number) => {
      const exact = (total * weight) / 10;
      return Math.floor(exact) + (Math.random() < exact - Math.floor(exact) ? 1 : 0);
    };
    const webhook: ["drop" | "duplicate" | "reorder", number][] = [
      ["drop", share(0.15)],
      ["duplicate", share(0.2)],
      ["reorder", share(0.15)],
    ];
    for (const [kind, count] of webhook) {
      await ms.webhookFault(kind, count);
      faults[`webhook ${kind}`] = (faults[`webhook ${kind}`] ?? 0) + count;
    }
    for (const endpoint of ["getOperation", "get"])
      for (const kind of ["throttle", "error", "hang"]) {
        const count = share(0.5 / 6);
        if (count === 0) continue;
        await ms.fault({ endpoint, kind, count, retryAfterSeconds: 1, hangMs: 5_000 });
        faults[`${endpoint} ${kind}`] = (faults[`${endpoint} ${kind}`] ?? 0) + count;
      }
  }

  /** One customer or publisher action; true when it causes a webhook. */
  async function act(): Promise<boolean> {
    const live = pool.filter((k) => k.status !== "Unsubscribed");
    if (live.length < 30 || Math.random() < 0.15) {
      const { subscriptionId } = await ms.purchase("auto");
      pool.push({ id: subscriptionId, status: "Subscribed", planId: "auto", perSeat: false });
      return count("Subscribe (customer)");
    }
    const k = pick(live);
    const draw = Math.random();
    if (k.status === "Suspended") {
      if (draw < 0.8) return (await ms.customer(k.id, "reinstate")) && set(k, "Subscribed", "Reinstate (customer)");
      return (await ms.customer(k.id, "expire-grace")) && set(k, "Unsubscribed", "Unsubscribe (grace expired)");
    }
    if (k.status !== "Subscribed") return false;
    if (draw < 0.2) {
      if (k.perSeat) {
        const quantity = 5 + Math.floor(Math.random() * 40);
        return (await ms.customer(k.id, "change-quantity", { quantity })) && count("ChangeQuantity (customer)");
      }
      const planId = pick(FLAT.filter((p) => p !== k.planId && p !== "auto"));
      const ok = await ms.customer(k.id, "change-plan", { planId });
      return ok && count("ChangePlan (customer)");
    }
    if (draw < 0.4) {
      const change: { planId: string } | { quantity: number } = k.perSeat
        ? { quantity: 5 + Math.floor(Math.random() * 40) }
        : { planId: pick(FLAT.filter((p) => p !== k.planId && p !== "auto")) };
      const ok = await ms.publisherPatch(k.id, change);
      if (ok && "planId" in change) k.planId = change.planId;
      return ok && count(`${"planId" in change ? "ChangePlan" : "ChangeQuantity"} (publisher)`);
    }
    if (draw < 0.6) return (await ms.customer(k.id, "suspend")) && set(k, "Suspended", "Suspend");
    if (draw < 0.85) return (await ms.customer(k.id, "renew")) && count("Renew");
    return (await ms.customer(k.id, "cancel")) && set(k, "Unsubscribed", "Unsubscribe (customer)");
  }
  function count(kind: string) {
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    return true;
  }
  function set(k: Known, status: string, kind: string) {
    k.status = status;
    return count(kind);
  }

  const interval = 1000 / options.rate;
  const inFlight = new Set<Promise<void>>();
  const running: Promise<unknown>[] = [];
  while (caused < options.deliveries) {
    if (caused >= nextInjection) {
      nextInjection += injectEvery;
      await injectFaults();
    }
    const due = pendingDisruptions[0];
    if (due && caused >= due.at * options.deliveries) {
      pendingDisruptions.shift();
      const t = Date.now();
      // In the background: the traffic goes on while an instance restarts or the database comes back.
      const done = (error?: string) =>
        disruptions.push({ name: due.name, atSecond: (t - started) / 1000, tookMs: Date.now() - t, error });
      running.push(
        due.run().then(
          () => done(),
          (e: unknown) => done((e as Error).message),
        ),
      );
    }
    const tick = Date.now();
    const p = act()
      .then((did) => {
        if (did) caused++;
      })
      .catch(() => undefined)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 16) await Promise.race(inFlight);
    const wait = interval - (Date.now() - tick);
    if (wait > 1) await sleep(wait);
  }
  await Promise.all([...inFlight, ...running]);
  return { caused, byKind, faults, disruptions, seconds: (Date.now() - started) / 1000 };
}
