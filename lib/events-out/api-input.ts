import "server-only";
import { endpointUrl } from "@/lib/domain/outbound-events";
import { getEnv } from "@/lib/env";
import { problem } from "@/lib/http/respond";
import { publicHostProblem } from "./address";

/**
 * The production rules for a receiver URL sent to the API (https, a public address), as the recipe's
 * validation problem (400, pointing at /url): the route's schema holds the shape only, the same in every
 * mode, so that the OpenAPI document does not depend on the mode.
 */
export async function productionUrlProblem(url: string | undefined): Promise<Response | undefined> {
  if (url === undefined || !getEnv().isProduction) return undefined;
  const parsed = endpointUrl(true).safeParse(url);
  const detail = parsed.success ? await publicHostProblem(url) : parsed.error.issues[0]?.message;
  if (!detail) return undefined;
  return problem({
    type: "validation-failed",
    detail: "The request has an invalid field: see errors.",
    errors: [{ in: "body", pointer: "#/url", detail }],
  });
}
