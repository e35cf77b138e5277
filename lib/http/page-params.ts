import "server-only";
import { redirect } from "next/navigation";
import { log } from "@/lib/log";
import { hrefWith, normalizeParams, type RawSearchParams } from "./query";
import { inRequestContext } from "./request-context";

/**
 * For pages: the query parameters named, each a single clean string (lib/http/query.ts). A request with a
 * repeated parameter or control characters is logged (names only: a value may be an e-mail address) and
 * redirected to `path` with the first value of each, cleaned, so that the person lands on a working page
 * whose address says what it shows, instead of a 500 that Next.js would print unscrubbed.
 */
export async function pageParams<const K extends string>(
  searchParams: Promise<RawSearchParams>,
  path: string,
  names: readonly K[],
): Promise<{ [P in K]?: string }> {
  const { values, repeated, cleaned } = normalizeParams(await searchParams, names);
  if (repeated.length || cleaned.length) {
    await inRequestContext(async () =>
      log.warn({ path, repeated, cleaned }, "query parameters corrected: redirected to one clean value each"),
    );
    redirect(hrefWith(path, values));
  }
  return values;
}
