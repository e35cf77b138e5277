import "server-only";
import { redirect } from "next/navigation";
import { inRequestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { singleQueryValue } from "@/lib/landing/purchase-token";

/** Where a landing URL with a repeated parameter is sent (it says the link is not valid and what to do). */
export const INVALID_LINK_PATH = "/landing/invalid-link";

/**
 * A query parameter of a landing page, which must appear at most once; a repeated one is logged (its name
 * and count, never its values: they may be purchase tokens) and redirected to INVALID_LINK_PATH.
 */
export async function singleParamOrRedirect(
  name: string,
  raw: string | string[] | undefined,
  page: string,
): Promise<string | undefined> {
  const result = singleQueryValue(raw);
  if (result.ok) return result.value;
  await inRequestContext(async () =>
    log.warn(
      { parameter: name, count: result.count, page },
      "repeated query parameter: redirected to the invalid-link page",
    ),
  );
  redirect(INVALID_LINK_PATH);
}
