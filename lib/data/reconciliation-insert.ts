import "server-only";
import type { Db } from "@/lib/db";
import { Prisma } from "@/generated/prisma/client";
import type { AuditRow } from "./audit";
import type { SubscriptionColumns } from "./subscriptions";

/**
 * Multi-row INSERTs for reconciliation: the rows travel as one JSON parameter that PostgreSQL unpacks,
 * one statement per batch. Prisma's createMany sends a parameter per value (2 700 for a page of 100
 * subscriptions) and measured 5–10× slower on the embedded database, the part that decides whether
 * 100 000 subscriptions reconcile in a minute; the JSON is also the audit entry of each new subscription
 * (its `after`), so it is sent once. Columns are the schema's (prisma/schema.prisma); the integration
 * tests compare the rows and audit entries with those syncSubscription writes.
 *
 * Timestamps are sent as ISO strings and stored as UTC wall time, as Prisma stores DateTime in
 * `timestamp(3)` columns (the zone in the text is ignored by the cast to timestamp).
 */

/** The audited columns of a subscription (subscriptionColumns) plus its id and search text. */
export type NewSubscription = SubscriptionColumns & { id: string; searchText: string };

/** NewSubscription's fields as a record type for jsonb_to_record (schema types: the cast checks every value). */
export const NEW_SUBSCRIPTION_RECORD = `
  "id" text, "name" text, "publisherId" text, "offerId" text, "planId" text, "quantity" integer, "status" text,
  "beneficiaryEmail" text, "beneficiaryObjectId" text, "beneficiaryTenantId" text, "purchaserEmail" text, "purchaserObjectId" text, "purchaserTenantId" text,
  "termStartDate" timestamp(3), "termEndDate" timestamp(3), "termUnit" text, "chargeDuration" text, "autoRenew" boolean, "isTest" boolean, "isFreeTrial" boolean,
  "sandboxType" text, "sessionMode" text, "allowedCustomerOperations" text[], "purchasedAt" timestamp(3), "searchText" text`;
const NEW_SUBSCRIPTION_NAMES = [...NEW_SUBSCRIPTION_RECORD.matchAll(/"(\w+)"/g)].map((m) => m[1]!);
/** Their columns in "Subscription", and the values from a record `r` of that type, in the same order. */
export const NEW_SUBSCRIPTION_COLUMNS = NEW_SUBSCRIPTION_NAMES.map((n) => `"${n}"`).join(", ");
export const NEW_SUBSCRIPTION_VALUES = NEW_SUBSCRIPTION_NAMES.map((n) => (n === "status" ? `r."status"::"SubscriptionStatus"` : `r."${n}"`)).join(", ");

/**
 * Inserts new subscriptions and, in the same statement, their `created` audit entries (after = every
 * audited column, as recordAudit would store it). Ids must not exist yet: a duplicate fails the statement.
 */
export async function insertSubscriptions(db: Db, rows: readonly NewSubscription[], audit: { actorType: string; actorId: string; action: string; requestId: string }, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const at = now.toISOString();
  await db.$executeRaw`
    WITH e AS (SELECT value AS j FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb)),
    r AS (
      SELECT e.j, x.* FROM e, jsonb_to_record(e.j) AS x(${Prisma.raw(NEW_SUBSCRIPTION_RECORD)})),
    created AS (
      INSERT INTO "Subscription" (${Prisma.raw(NEW_SUBSCRIPTION_COLUMNS)}, "lastSyncedAt", "createdAt", "updatedAt")
      SELECT ${Prisma.raw(NEW_SUBSCRIPTION_VALUES)}, ${at}::timestamp(3), ${at}::timestamp(3), ${at}::timestamp(3)
      FROM r
      RETURNING "id")
    INSERT INTO "AuditEntry" ("at", "actorType", "actorId", "actorLabel", "action", "subjectType", "subjectId", "before", "after", "requestId")
    SELECT ${at}::timestamp(3), ${audit.actorType}, ${audit.actorId}, NULL, ${audit.action}, 'subscription', r."id", NULL, r.j - 'id' - 'searchText', ${audit.requestId}
    FROM r JOIN created USING ("id")`;
}

/** Appends audit entries (rows as auditRow makes them: as recordAudit would store them), one statement for all. */
export async function insertAudits(db: Db, rows: readonly AuditRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  // before/after travel as JSON values; JSON null becomes SQL NULL, as recordAudit's `undefined` does.
  await db.$executeRaw`
    ${auditInsert(rows, now)}`;
}

/** `INSERT INTO "AuditEntry" … SELECT … FROM <the rows>`: a statement, or the body of a CTE (then followed by `WHERE …`). */
export function auditInsert(rows: readonly AuditRow[], now: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEntry" ("at", "actorType", "actorId", "actorLabel", "action", "subjectType", "subjectId", "before", "after", "requestId")
    SELECT ${now.toISOString()}::timestamp(3), r."actorType", r."actorId", NULL, r."action", r."subjectType", r."subjectId", NULLIF(r."before", 'null'::jsonb), NULLIF(r."after", 'null'::jsonb), r."requestId"
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r("actorType" text, "actorId" text, "action" text, "subjectType" text, "subjectId" text, "before" jsonb, "after" jsonb, "requestId" text)`;
}
