// GET /admin/usage/export?from=&to=&subscription=&state= – the usage hours of a period as CSV. Staff with viewer.
import { staffRoute } from "@/lib/auth/guard";
import { listUsageHours } from "@/lib/data/usage-admin";
import { isGuid } from "@/lib/domain/ids";
import { usageCsv } from "@/lib/metering/csv";
import { usagePeriod } from "@/lib/metering/period";

export const dynamic = "force-dynamic";

/** 92 days of 1 000 subscriptions with 2 dimensions is about 4.4 million hours: an export stops well before. */
const MAX_ROWS = 200_000;

export const GET = staffRoute("viewer", async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const period = usagePeriod({ from: query.get("from") ?? undefined, to: query.get("to") ?? undefined });
  const subscription = query.get("subscription")?.toLowerCase();
  const rows = await listUsageHours(
    {
      from: period.from,
      to: period.to,
      subscriptionId: subscription && isGuid(subscription) ? subscription : undefined,
      state: query.get("state") ?? undefined,
    },
    MAX_ROWS,
  );
  return new Response(usageCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${period.fromText}-to-${period.toText}.csv"`,
      "cache-control": "no-store",
    },
  });
});
