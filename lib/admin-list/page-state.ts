import "server-only";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import type { ListCodec } from "./codec";

/**
 * A list page's state from its `searchParams`. A repeated parameter or one with control characters is
 * first redirected to the page with one clean value each (pageParams), so that the address says what the
 * page shows; then each parameter is read on its own, a malformed one falling back with a notice.
 */
export async function readListState<S>(
  codec: ListCodec<S>,
  searchParams: Promise<RawSearchParams>,
): Promise<{ state: S; notices: string[] }> {
  return codec.parse(await pageParams(searchParams, codec.path, codec.names));
}
