import "server-only";
import { isCsp, iterateAdminSubscriptions, type AdminSubscriptionRow } from "@/lib/data/admin-subscriptions";
import type { ListQuery } from "@/lib/data/admin-subscriptions-params";
import { log } from "@/lib/log";
import { csvLine, UTF8_BOM, type CsvValue } from "./csv";

/** The columns, named as Microsoft names the fields (so that the file can be matched with Partner Center's). */
const COLUMNS: [string, (r: AdminSubscriptionRow) => CsvValue][] = [
  ["id", (r) => r.id],
  ["name", (r) => r.name],
  ["status", (r) => r.status],
  ["offerId", (r) => r.offerId],
  ["planId", (r) => r.planId],
  ["quantity", (r) => r.quantity],
  ["termUnit", (r) => r.termUnit],
  ["termStartDate", (r) => r.termStartDate],
  ["termEndDate", (r) => r.termEndDate],
  ["autoRenew", (r) => r.autoRenew],
  ["isTest", (r) => r.isTest],
  ["isFreeTrial", (r) => r.isFreeTrial],
  ["csp", (r) => isCsp(r)],
  ["sandboxType", (r) => r.sandboxType],
  ["sessionMode", (r) => r.sessionMode],
  ["beneficiaryEmail", (r) => r.beneficiaryEmail],
  ["beneficiaryTenantId", (r) => r.beneficiaryTenantId],
  ["purchaserEmail", (r) => r.purchaserEmail],
  ["purchaserTenantId", (r) => r.purchaserTenantId],
  ["purchasedAt", (r) => r.purchasedAt],
  ["activatedAt", (r) => r.activatedAt],
  ["firstSeenAt", (r) => r.createdAt],
];

export const CSV_HEADER = csvLine(COLUMNS.map(([name]) => name));

/**
 * The filtered list as a CSV byte stream. Pull-based: the next page of rows is read from the database
 * only when the client has taken the previous one, so memory stays at about one page whatever the
 * total and however slow the client. A client that goes away stops the reading.
 */
export function subscriptionsCsvStream(
  query: ListQuery,
  options: { pageSize?: number; onDone?: (rows: number) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = iterateAdminSubscriptions(query, options.pageSize);
  let rows = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(UTF8_BOM + CSV_HEADER));
      },
      async pull(controller) {
        try {
          const next = await pages.next();
          if (next.done) {
            controller.close();
            options.onDone?.(rows);
            return;
          }
          rows += next.value.length;
          controller.enqueue(encoder.encode(next.value.map((r) => csvLine(COLUMNS.map(([, get]) => get(r)))).join("")));
        } catch (err) {
          // The headers are sent: the only way left to say "incomplete" is to break the download.
          log.error({ err, rowsSent: rows }, "subscription export failed part-way");
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
