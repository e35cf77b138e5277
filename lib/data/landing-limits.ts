import "server-only";
import { getDb, type Db } from "@/lib/db";

/**
 * The landing page's Resolve limits in the database, so that every portal instance counts the same calls
 * (see lib/landing/resolve-limits.ts for the numbers and why). Each check is one statement.
 */

export type ResolveLimits = {
  windowMinutes: number;
  callsPerWindow: number;
  refusedPerWindow: number;
  refusedTokenMinutes: number;
};

/** Whether Microsoft refused this token (by its SHA-256) recently enough that it is not sent again. */
export async function isRefusedToken(tokenHash: string, now = new Date(), db: Db = getDb()): Promise<boolean> {
  const row = await db.refusedPurchaseToken.findUnique({ where: { tokenHash }, select: { expiresAt: true } });
  return !!row && row.expiresAt > now;
}

/**
 * Takes one Resolve call from the user's allowance: true when the call may go to Microsoft. A window starts
 * with the first call after the previous one ended. Atomic (one upsert whose update is conditional), so
 * simultaneous requests on several instances cannot overspend it.
 */
export async function takeResolveCall(
  userId: string,
  limits: ResolveLimits,
  now = new Date(),
  db: Db = getDb(),
): Promise<{ allowed: true } | { allowed: false; retryAt: Date }> {
  // Timestamps as UTC wall time, as Prisma stores DateTime in timestamp(3) columns (the cast ignores the zone).
  const at = now.toISOString();
  const ended = new Date(now.getTime() - limits.windowMinutes * 60_000).toISOString();
  const taken = await db.$queryRaw<{ calls: number }[]>`
    INSERT INTO "LandingResolveBudget" AS b ("userId", "windowStart", "calls", "refused") VALUES (${userId}::uuid, ${at}::timestamp(3), 1, 0)
    ON CONFLICT ("userId") DO UPDATE SET
      "windowStart" = CASE WHEN b."windowStart" <= ${ended}::timestamp(3) THEN ${at}::timestamp(3) ELSE b."windowStart" END,
      "calls" = CASE WHEN b."windowStart" <= ${ended}::timestamp(3) THEN 1 ELSE b."calls" + 1 END,
      "refused" = CASE WHEN b."windowStart" <= ${ended}::timestamp(3) THEN 0 ELSE b."refused" END
    WHERE b."windowStart" <= ${ended}::timestamp(3) OR (b."calls" < ${limits.callsPerWindow} AND b."refused" < ${limits.refusedPerWindow})
    RETURNING "calls"`;
  if (taken.length === 1) return { allowed: true };
  const row = await db.landingResolveBudget.findUnique({ where: { userId }, select: { windowStart: true } });
  return { allowed: false, retryAt: new Date((row?.windowStart ?? now).getTime() + limits.windowMinutes * 60_000) };
}

/** Microsoft refused a token this user presented: count it, and remember the token's hash (never the token). */
export async function recordRefusedToken(
  userId: string,
  tokenHash: string,
  limits: ResolveLimits,
  now = new Date(),
  db: Db = getDb(),
): Promise<void> {
  const expiresAt = new Date(now.getTime() + limits.refusedTokenMinutes * 60_000);
  await db.landingResolveBudget.updateMany({ where: { userId }, data: { refused: { increment: 1 } } });
  await db.refusedPurchaseToken.upsert({
    where: { tokenHash },
    create: { tokenHash, expiresAt },
    update: { expiresAt },
  });
  // Keeps the table to the tokens of the last hour or so (the index on expiresAt makes this cheap).
  await db.refusedPurchaseToken.deleteMany({ where: { expiresAt: { lt: now } } });
}
