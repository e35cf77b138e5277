import "server-only";
import { z } from "zod";
import { inRequestContext } from "@/lib/http/request-context";
import { getAccountMessages } from "@/lib/i18n/account-en";
import { log } from "@/lib/log";
import { getBuyer, type Buyer } from "./buyer-session";
import { ExpectedError } from "./guard";

/**
 * Every server action of "Your subscription" goes through buyerAction: the person is read from the session on
 * the server, the input is validated, and refusals come back as typed results with the buyer's wording. The
 * page hiding a button is convenience; the checks in lib/self-service are what a forged POST meets.
 */

export type BuyerActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: "signed-out" | "not-found" | "forbidden" | "invalid" | "failed"; message: string };

/** A refusal the buyer may be told about: the subscription is not theirs (not-found) or not theirs to change. */
export class BuyerRefusal extends Error {
  constructor(
    readonly reason: "not-found" | "forbidden" | "invalid",
    message?: string,
  ) {
    super(message ?? reason);
    this.name = "BuyerRefusal";
  }
}

export function buyerAction<S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>, buyer: Buyer) => Promise<T>) {
  return async (input: z.input<S>): Promise<BuyerActionResult<T>> =>
    inRequestContext(async () => {
      const t = getAccountMessages().errors;
      const buyer = await getBuyer();
      if (!buyer) return { ok: false, error: "signed-out", message: t.signedOut };
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: "invalid", message: t.invalid };
      try {
        return { ok: true, data: await fn(parsed.data, buyer) };
      } catch (e) {
        if (e instanceof BuyerRefusal) {
          // Not the subscription id nor the person: only that a refusal happened and why.
          log.warn({ reason: e.reason }, "buyer action refused");
          const message = e.reason === "invalid" ? e.message : e.reason === "not-found" ? t.notFound : t.forbidden;
          return { ok: false, error: e.reason, message };
        }
        if (e instanceof ExpectedError) {
          // The operator path's refusals (Microsoft refused, locked, outcome unknown) speak to staff: log, say less.
          log.info({ reason: e.message }, "buyer change not made");
          return { ok: false, error: "failed", message: t.failed };
        }
        log.error({ err: e }, "buyer action failed");
        return { ok: false, error: "failed", message: t.failed };
      }
    });
}
