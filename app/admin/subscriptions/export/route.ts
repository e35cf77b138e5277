// GET /admin/subscriptions/export – the filtered subscription list as a CSV download, streamed. Staff only (viewer).
import { staffRoute } from "@/lib/auth/guard";
import { parseListQuery } from "@/lib/admin-list/subscriptions";
import { log } from "@/lib/log";
import { subscriptionsCsvStream } from "./subscriptions-csv";

export const dynamic = "force-dynamic";

const LOGGED_PARAMS = ["q", "status", "offer", "plan", "test", "trial", "csp", "activation", "sort", "dir"];

export const GET = staffRoute("viewer", async (request, _context: unknown, user) => {
  const params = new URL(request.url).searchParams;
  // The list's own parameters, parsed the same lenient way (a malformed filter is dropped, never a 500).
  const { query } = parseListQuery(params);
  const started = Date.now();
  // Which filters were used, never their values: a search may be an e-mail address.
  const filters = LOGGED_PARAMS.filter((k) => params.has(k));
  const body = subscriptionsCsvStream(query, {
    onDone: (rows) => log.info({ userId: user.id, filters, rows, ms: Date.now() - started }, "subscriptions exported"),
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="subscriptions-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
