import { z } from "zod";
import { optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";

/**
 * Notifications to staff (lib/notifications): the SMTP server that sends their e-mail. Without one, local
 * mode captures the mail (Admin → Notifications → Outbox) and production refuses e-mail channels.
 */
const variables = withPortalMode.extend({
  /** The whole SMTP server in one URL: `smtps://user:password@smtp.example.com:465` or `smtp://…:587` (STARTTLS). */
  SMTP_URL: optionalText,
  /** Instead of SMTP_URL: the server's host name. */
  SMTP_HOST: optionalText,
  /** Its port: 465 is implicit TLS, any other upgrades with STARTTLS when the server offers it. */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** Its user name, when it asks for one. */
  SMTP_USER: optionalText,
  /** Its password (a secret: never logged). */
  SMTP_PASSWORD: optionalText,
  /** The sender, e.g. `Marketplace portal <portal@contoso.com>`. */
  SMTP_FROM: optionalText,
});

export type SmtpSettings = { url: string } | { host: string; port: number; user?: string; password?: string };

function toNotifications(v: z.output<typeof variables>) {
  const smtp: SmtpSettings | undefined = v.SMTP_URL
    ? { url: v.SMTP_URL }
    : v.SMTP_HOST
      ? { host: v.SMTP_HOST, port: v.SMTP_PORT, user: v.SMTP_USER, password: v.SMTP_PASSWORD }
      : undefined;
  return {
    notifications: {
      smtp,
      from: v.SMTP_FROM ?? "Marketplace portal <portal@localhost>",
      /** Local mode without SMTP: e-mail is stored and shown, never sent. */
      captureMail: !smtp && v.PORTAL_MODE === "local",
    },
  };
}

function refusals(v: z.output<typeof variables>): string[] {
  const p: string[] = [];
  if (v.SMTP_URL && v.SMTP_HOST) p.push("Set SMTP_URL or SMTP_HOST, not both: they name the same SMTP server.");
  if (v.SMTP_URL && !/^smtps?:\/\//.test(v.SMTP_URL)) p.push("SMTP_URL must start with smtp:// or smtps://.");
  if (v.SMTP_PASSWORD && !v.SMTP_USER) p.push("SMTP_PASSWORD is set without SMTP_USER.");
  // Recipients would see a local sender they cannot answer, and some servers refuse it outright.
  if (v.PORTAL_MODE === "production" && (v.SMTP_URL || v.SMTP_HOST) && !v.SMTP_FROM)
    p.push("SMTP_FROM is required with an SMTP server in production (e.g. `Marketplace portal <portal@contoso.com>`).");
  return p;
}

export const ZNotificationSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toNotifications);
