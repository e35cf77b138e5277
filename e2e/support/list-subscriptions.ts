/**
 * Puts subscriptions straight into the portal's database for journeys about the admin list (how they got
 * there is the buyer journeys' business). searchText is built as lib/data/subscriptions.ts builds it.
 */
import { randomUUID } from "node:crypto";
import { query } from "./portal-db";

export type ListRow = {
  name: string;
  offerId?: string;
  planId?: string;
  status?: string;
  quantity?: number | null;
  csp?: boolean;
  isTest?: boolean;
  email?: string;
  purchasedAt?: Date;
};

export async function insertSubscriptions(rows: ListRow[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = randomUUID();
    ids.push(id);
    const tenant = "c0ffee00-0000-4000-8000-00000000c001";
    const email = r.email ?? "alice@contoso.example";
    await query(
      `INSERT INTO "Subscription" (id, name, "publisherId", "offerId", "planId", quantity, status, "beneficiaryEmail", "beneficiaryTenantId",
         "purchaserEmail", "purchaserTenantId", "termUnit", "isTest", "allowedCustomerOperations", "purchasedAt", "searchText", "updatedAt")
       VALUES ($1, $2, 'fabrikam', $3, $4, $5, $6::"SubscriptionStatus", $7, $8, $9, $10, 'P1M', $11, $12, ($13::timestamptz AT TIME ZONE 'UTC'),
         lower(concat_ws(' ', $2::text, $1::text, $3::text, $4::text, $7::text, $8::text, $9::text, $10::text)), now())`,
      [
        id,
        r.name,
        r.offerId ?? "fabrikam-cloud",
        r.planId ?? "pro-seats",
        r.quantity === undefined ? 10 : r.quantity,
        r.status ?? "Subscribed",
        email,
        tenant,
        r.csp ? "carol@northwind.example" : email,
        r.csp ? "c0ffee00-0000-4000-8000-00000000c002" : tenant,
        r.isTest ?? false,
        r.csp ? ["Read"] : ["Read", "Update", "Delete"],
        (r.purchasedAt ?? new Date()).toISOString(),
      ],
    );
  }
  return ids;
}
