import "server-only";
import { getDb } from "@/lib/db";

/**
 * The captured mail of local mode (no SMTP server): what the portal would have sent, kept so that
 * `npm start` shows the whole loop on Admin → Notifications → Outbox. Never written in production.
 */

export type CapturedMailView = { id: string; to: string; subject: string; text: string; html: string; createdAt: Date };

/** How many captured mails are kept: a demo outbox, not an archive, so a long-running local portal stays small. */
export const CAPTURED_MAIL_KEPT = 500;

export async function captureMail(
  to: string,
  mail: { subject: string; text: string; html: string },
  kept = CAPTURED_MAIL_KEPT,
): Promise<void> {
  const db = getDb();
  const { id } = await db.capturedMail.create({ data: { to, ...mail }, select: { id: true } });
  await db.capturedMail.deleteMany({ where: { id: { lte: id - BigInt(kept) } } });
}

export async function listCapturedMail(limit = 50): Promise<CapturedMailView[]> {
  const rows = await getDb().capturedMail.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
