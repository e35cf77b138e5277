// /_sim/resolve-answers – the next N Resolve answers are rewritten before they are sent. Microsoft should
// never send a subscription id that is not a GUID, or leave out the plan or the offer, but a landing page
// must not offer a Confirm button that can only fail when it does; this lets a test make Resolve say so.
// It also reproduces the documented samples that carry a `quantity` for a flat-rate plan. Kept apart from
// faults.ts (429/500/hang): those disturb the transport, this changes the content of a 200 answer.
import { Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "../context";
import { newGuid } from "../core/ids";
import { parseBody } from "./http";

const ZFields = z.record(z.string(), z.unknown());

export const ZResolveAnswerInput = z.object({
  /** Top-level fields of the answer to replace (`id`, `offerId`, `planId`, `quantity`, …); null removes one. */
  set: ZFields.default({}),
  /** The same for the embedded `subscription` object. */
  subscription: ZFields.default({}),
  /** How many Resolve answers to rewrite (then normal answers resume). */
  count: z.coerce.number().int().min(1).max(1000).default(1),
});

export type ResolveAnswerRewrite = z.infer<typeof ZResolveAnswerInput> & { id: string; remaining: number };

// Per simulator instance, without a field in SimContext (several engineers extend the context).
const rewrites = new WeakMap<SimContext, ResolveAnswerRewrite[]>();
const listFor = (ctx: SimContext): ResolveAnswerRewrite[] => {
  let list = rewrites.get(ctx);
  if (!list) rewrites.set(ctx, (list = []));
  return list;
};

const apply = (target: Record<string, unknown>, fields: Record<string, unknown>): void => {
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
};

/** The answer to send: rewritten when a rewrite is pending (consuming one of its answers), else as given. */
export function rewriteResolveAnswer(ctx: SimContext, answer: object): object {
  const list = listFor(ctx);
  const rewrite = list.find((r) => r.remaining > 0);
  if (!rewrite) return answer;
  rewrite.remaining -= 1;
  if (rewrite.remaining === 0) list.splice(list.indexOf(rewrite), 1);
  const copy = structuredClone(answer) as Record<string, unknown>;
  apply(copy, rewrite.set);
  if (copy.subscription && typeof copy.subscription === "object")
    apply(copy.subscription as Record<string, unknown>, rewrite.subscription);
  ctx.log.debug(`resolve answer rewritten (${rewrite.remaining} left)`);
  return copy;
}

export function resolveAnswerRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  app.get("/", (c) => c.json({ rewrites: listFor(ctx) }));
  // POST /_sim/resolve-answers – { set?: {field: value|null}, subscription?: {field: value|null}, count? }
  app.post("/", async (c) => {
    const body = await parseBody(c, ZResolveAnswerInput);
    if (!body.ok) return body.response;
    const rewrite = { ...body.data, id: newGuid(), remaining: body.data.count };
    listFor(ctx).push(rewrite);
    return c.json(rewrite, 201);
  });
  app.delete("/", (c) => {
    listFor(ctx).length = 0;
    return c.json({ rewrites: [] });
  });
  return app;
}
