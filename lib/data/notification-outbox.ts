import "server-only";
import { getDb } from "@/lib/db";

/**
 * The captured mail of local mode (no SMTP server): what the portal would have sent, kept so that
 * `npm start` shows the whole loop on Admin → Notifications → Outbox. Never written in production.
 */

export type CapturedMailView = { id: string; to: string; subject: string; text: string; html: string; createdAt: Date };

export async function captureMail(to: string, mail: { subject: string; text: string; html: string }): Promise<void> {
  await getDb().capturedMail.create({ data: { to, ...mail } });
}

export async function listCapturedMail(limit = 50): Promise<CapturedMailView[]> {
  const rows = await getDb().capturedMail.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
