import type { DoctorContext } from "../context";
import { fail, pass, skip, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** The database answers and holds every migration of this build (as /api/ready decides). */
export const databaseCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "database",
  title: "Database and migrations",
  async run() {
    if (!ctx.env) return skip(NEEDS_CONFIGURATION);
    // npm start hands the embedded database to the server as DATABASE_URL too: say only what is configured.
    const where = ctx.env.databaseUrl ? "The database at DATABASE_URL" : "The embedded database";
    const status = await ctx.migrationStatus();
    if (!status.reachable)
      return fail(
        `${where} does not answer (${status.reason}).`,
        ctx.env.databaseUrl
          ? "Check DATABASE_URL (host, port, user, password, database) and that the server accepts connections from here."
          : "Start the portal with `npm start` (it serves the embedded database), or set DATABASE_URL.",
      );
    if (status.pending.length)
      return fail(
        `${where} answers, but ${status.pending.length} migration(s) of this build are not applied: ${status.pending.join(", ")}.`,
        "Apply them with `npm run db:deploy` (npm start does it before starting) as a release step.",
      );
    return pass(`${where} answers; ${status.applied} migrations applied, none of this build pending.`);
  },
});
