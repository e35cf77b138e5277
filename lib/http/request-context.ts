import "server-only";
import { headers } from "next/headers";
import { withRequestId } from "@/lib/log";

/**
 * Runs a page's or server action's work with the request id proxy.ts gave the request, so that every
 * log line it writes carries it. (Route handlers get the same from lib/http/route.ts.)
 */
export async function inRequestContext<T>(fn: () => Promise<T>): Promise<T> {
  const requestId = (await headers()).get("x-request-id");
  return withRequestId(requestId, fn);
}
