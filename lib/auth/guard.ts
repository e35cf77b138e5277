import "server-only";
import { z } from "zod";
import { inRequestContext } from "@/lib/http/request-context";
import { problem } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { log } from "@/lib/log";
import type { PortalRole } from "./roles";
import { NotAllowedError, requireRole, type CurrentUser } from "./session";

/**
 * Every admin server action and route handler goes through these, so the role check cannot be
 * forgotten: the page hiding a button is convenience, this is the check (a forged POST reaches it too).
 */

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: "signed-out" | "forbidden" | "invalid" | "failed";
      message: string;
      fieldErrors?: Record<string, string>;
    };

/** An error whose message is safe to show to the admin (expected failures: "plan not available", "locked"…). */
export class ExpectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpectedError";
  }
}

/**
 * A server action for staff with at least `role`. `input` is validated with `schema` (FormData is turned
 * into an object first); unexpected errors are logged and replaced by a generic message.
 */
export function staffAction<S extends z.ZodType, T>(
  role: PortalRole,
  schema: S,
  fn: (input: z.output<S>, user: CurrentUser) => Promise<T>,
) {
  return async (input: FormData | z.input<S>): Promise<ActionResult<T>> =>
    inRequestContext(async () => {
      let user: CurrentUser;
      try {
        user = await requireRole(role);
      } catch (e) {
        if (e instanceof NotAllowedError) {
          log.warn({ reason: e.reason, role }, "admin action refused");
          return { ok: false, error: e.reason, message: e.message };
        }
        throw e;
      }
      const raw = input instanceof FormData ? Object.fromEntries(input.entries()) : input;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
        return { ok: false, error: "invalid", message: "Check the highlighted fields.", fieldErrors };
      }
      try {
        return { ok: true, data: await fn(parsed.data, user) };
      } catch (e) {
        if (e instanceof ExpectedError) return { ok: false, error: "failed", message: e.message };
        log.error({ err: e }, "admin action failed");
        return {
          ok: false,
          error: "failed",
          message: "Something went wrong on our side. Try again; if it persists, check the portal's logs.",
        };
      }
    });
}

/** A route handler for staff with at least `role`: 401 signed out, 403 without the role. */
export function staffRoute<Ctx>(
  role: PortalRole,
  handler: (request: Request, context: Ctx, user: CurrentUser) => Promise<Response>,
) {
  return route<Ctx>(async (request, context) => {
    let user: CurrentUser;
    try {
      user = await requireRole(role);
    } catch (e) {
      if (!(e instanceof NotAllowedError)) throw e;
      log.warn({ reason: e.reason, role, path: new URL(request.url).pathname }, "admin request refused");
      // RFC 9457, like every other JSON refusal of the portal (lib/http/respond.ts).
      return e.reason === "signed-out"
        ? problem({ type: "unauthenticated", detail: e.message })
        : problem({ type: "forbidden", detail: e.message });
    }
    return handler(request, context, user);
  });
}
