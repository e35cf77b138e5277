import { z } from "zod";
import { LOCAL_DEFAULTS } from "./defaults";
import { bool, refuse, trimSlashes, whenWellFormed, withPortalMode } from "./shared";

/** The Microsoft simulator beside the portal: local mode only. */
const variables = withPortalMode.extend({
  /** Start the Microsoft simulator beside the portal (local mode default: true). */
  SIMULATOR: bool.optional(),
  /** Where the simulator's browser pages are (its marketplace), linked from the portal in local mode. */
  SIMULATOR_PAGES_URL: z.url().optional(),
});

function toSimulator(v: z.output<typeof variables>) {
  const local = v.PORTAL_MODE === "local";
  return {
    simulator: {
      enabled: v.SIMULATOR ?? local,
      pagesUrl: local ? trimSlashes(v.SIMULATOR_PAGES_URL ?? LOCAL_DEFAULTS.simulatorPagesUrl) : undefined,
    },
  };
}

function refusals(v: z.output<typeof variables>): string[] {
  if (v.PORTAL_MODE === "production" && toSimulator(v).simulator.enabled)
    return ["SIMULATOR=true is local-only: the simulator must not run beside a production portal."];
  return [];
}

export const ZSimulatorSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toSimulator);
