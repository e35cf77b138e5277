import "server-only";
import { z } from "zod";
import { inRequestContext } from "@/lib/http/request-context";
import { getTranslations } from "next-intl/server";
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

/** Why a value was refused, in terms the buyer's message (account.seats.* / account.plan.*) is written from. */
export type RefusalDetail =
  | { key: "seats.same" }
  | { key: "seats.outOfRange"; min: number; max: number }
  | { key: "plan.needsSeats"; option: string; min: number; max: number };

/**
 * A refusal the buyer may be told about: the subscription is not theirs (not-found) or not theirs to change.
 * It carries a message key, not text: buyerAction words it in the buyer's language.
 */
export class BuyerRefusal extends Error {
  constructor(
    readonly reason: "not-found" | "forbidden" | "invalid",
    readonly detail?: RefusalDetail,
  ) {
    super(detail?.key ?? reason);
    this.name = "BuyerRefusal";
  }
}

function refusalMessage(t: Awaited<ReturnType<typeof getTranslations<"account">>>, refusal: BuyerRefusal): string {
  const detail = refusal.detail;
  switch (detail?.key) {
    case "seats.same":
      return t("seats.same");
    case "seats.outOfRange":
      return t("seats.outOfRange", { min: detail.min, max: detail.max });
    case "plan.needsSeats":
      return t("plan.needsSeats", { option: detail.option, min: detail.min, max: detail.max });
    case undefined:
      return t(
        refusal.reason === "not-found"
          ? "errors.notFound"
          : refusal.reason === "forbidden"
            ? "errors.forbidden"
            : "errors.invalid",
      );
  }
}

export function buyerAction<S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>, buyer: Buyer) => Promise<T>) {
  return async (input: z.input<S>): Promise<BuyerActionResult<T>> =>
    inRequestContext(async () => {
      const t = await getTranslations("account");
      const buyer = await getBuyer();
      if (!buyer) return { ok: false, error: "signed-out", message: t("errors.signedOut") };
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: "invalid", message: t("errors.invalid") };
      try {
        return { ok: true, data: await fn(parsed.data, buyer) };
      } catch (e) {
        if (e instanceof BuyerRefusal) {
          // Not the subscription id nor the person: only that a refusal happened and why.
          log.warn({ reason: e.reason }, "buyer action refused");
          return { ok: false, error: e.reason, message: refusalMessage(t, e) };
        }
        if (e instanceof ExpectedError) {
          // The operator path's refusals (Microsoft refused, locked, outcome unknown) speak to staff: log, say less.
          log.info({ reason: e.message }, "buyer change not made");
          return { ok: false, error: "failed", message: t("errors.failed") };
        }
        log.error({ err: e }, "buyer action failed");
        return { ok: false, error: "failed", message: t("errors.failed") };
      }
    });
}
