import { getEnv } from "@/lib/env";
import { route } from "@/lib/http/route";

// POST /api/bench/noop – local mode only: reads the body and answers 200, nothing else. The baseline the
// webhook benchmark (bench/webhook.ts) compares the real webhook with: same server, same proxy, same wrapper.
export const POST = route(async (request) => {
  if (getEnv().isProduction) return new Response(null, { status: 404 });
  await request.text();
  return new Response(null, { status: 200 });
});
