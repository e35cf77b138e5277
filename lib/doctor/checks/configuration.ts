import type { DoctorContext } from "../context";
import { fail, pass, type DoctorCheck } from "../types";

/** lib/env's validation, production refusals included: what `npm start` would refuse to start with. */
export const configurationCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "configuration",
  title: "Configuration",
  async run() {
    if (!ctx.env) {
      const [first, ...rest] = ctx.problems;
      return fail(
        `${ctx.problems.length} problem(s): ${ctx.problems.join(" ")}`,
        rest.length
          ? "Fix each problem listed (see .env.example and the README's configuration table), then run the doctor again."
          : `Fix it (see .env.example and the README's configuration table): ${first ?? ""}`.trim(),
      );
    }
    return ctx.env.isProduction
      ? pass("Production mode; every setting is present and none is local-only.")
      : pass("Local mode: Microsoft is played by the simulator and nothing here is checked against Microsoft.");
  },
});

/** What a check says when it cannot run without a valid configuration. */
export const NEEDS_CONFIGURATION = "Not run: the configuration has problems (see Configuration).";
