// /_sim/timings – change Microsoft's waits while the simulator runs (a journey that needs a slow operation
// cannot restart the simulator `npm start` launched). /_sim/reset puts the started values back.
import { Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "../context";
import { parseBody } from "./http";

const ms = z.number().int().min(0).max(600_000);
export const ZTimingsInput = z.object({
  /** SIM_OPERATION_DELAY_MS: how long a publisher PATCH/DELETE stays InProgress. */
  operationDelayMs: ms.optional(),
  /** SIM_OPERATIONS_LIST_DELAY_MS: how long a new operation stays out of "list outstanding operations". */
  operationsListDelayMs: ms.optional(),
});

type Timings = Required<z.infer<typeof ZTimingsInput>>;

const current = (ctx: SimContext): Timings => ({
  operationDelayMs: ctx.settings.operationDelayMs,
  operationsListDelayMs: ctx.settings.operationsListDelayMs,
});

/** Remembers the timings the simulator started with; returns a function that puts them back. */
export function startedTimings(ctx: SimContext): () => void {
  const started = current(ctx);
  return () => Object.assign(ctx.settings, started);
}

export function timingRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  app.get("/", (c) => c.json(current(ctx)));
  // POST /_sim/timings – { operationDelayMs?, operationsListDelayMs? }: applies to operations created from now on
  app.post("/", async (c) => {
    const body = await parseBody(c, ZTimingsInput);
    if (!body.ok) return body.response;
    Object.assign(ctx.settings, Object.fromEntries(Object.entries(body.data).filter(([, v]) => v !== undefined)));
    return c.json(current(ctx));
  });
  return app;
}
