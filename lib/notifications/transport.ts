import "server-only";
import nodemailer from "nodemailer";
import type { SmtpSettings } from "@/lib/env/notifications";
import { postJson as postJsonOut } from "@/lib/events-out/transport";
import { mailOf, slackPayloadOf, teamsPayloadOf, type Mail } from "./payloads";
import type { NotificationMessage } from "./render";
import type { ChannelKind } from "./rules";

/**
 * Sends one notification (or a digest) to one channel. A failure says whether it is worth retrying (a
 * network error, a timeout, 429, 5xx, an SMTP 4xx) or not (a 4xx from the webhook, an SMTP 5xx: the URL or
 * address is wrong, and a person must fix it). Error texts never hold the webhook URL (a secret) or SMTP
 * credentials.
 */

export class ChannelError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = "ChannelError";
  }
}

export type Channel = { id: string; kind: ChannelKind; name: string; target: string };

export type TransportSettings = {
  smtp: SmtpSettings | undefined;
  from: string;
  /** Local mode without SMTP: store the mail instead (lib/data/notifications.ts captureMail). */
  capture: ((to: string, mail: Mail) => Promise<void>) | null;
  timeoutMs: number;
  /** Production: webhook URLs must reach public addresses only. */
  production: boolean;
};

export async function sendToChannel(
  channel: Channel,
  messages: readonly NotificationMessage[],
  settings: TransportSettings,
): Promise<void> {
  if (channel.kind === "email") return sendMail(channel.target, mailOf(messages), settings);
  const payload = channel.kind === "teams" ? teamsPayloadOf(messages) : slackPayloadOf(messages);
  return postJson(channel.target, payload, settings);
}

async function sendMail(to: string, mail: Mail, settings: TransportSettings): Promise<void> {
  if (!settings.smtp) {
    if (settings.capture) return settings.capture(to, mail);
    throw new ChannelError("No SMTP server is configured (SMTP_URL or SMTP_HOST).", false);
  }
  const smtp = settings.smtp;
  const transport = nodemailer.createTransport(
    "url" in smtp
      ? smtp.url
      : {
          host: smtp.host,
          port: smtp.port,
          secure: smtp.port === 465,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
          connectionTimeout: settings.timeoutMs,
          greetingTimeout: settings.timeoutMs,
          socketTimeout: settings.timeoutMs,
        },
  );
  try {
    await transport.sendMail({ from: settings.from, to, ...mail });
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    // SMTP 5xx: permanent (a refused address or sender); 4xx and connection problems pass.
    if (code && code >= 500) throw new ChannelError(`The SMTP server refused the mail (${code}).`, false);
    throw new ChannelError(`The SMTP server could not be reached or answered ${code ?? "nothing"}.`, true);
  } finally {
    transport.close();
  }
}

/**
 * Through the outbound events' transport (lib/events-out/transport.ts): no redirects, a timeout, and in
 * production no internal address, checked again in the connection's own DNS lookup (the URL is an owner's
 * input, and the portal must not become a way to reach its own network).
 */
async function postJson(url: string, payload: unknown, settings: TransportSettings): Promise<void> {
  const result = await postJsonOut(
    url,
    JSON.stringify(payload),
    { "content-type": "application/json" },
    {
      timeoutMs: settings.timeoutMs,
      production: settings.production,
    },
  );
  if (result.ok) return;
  const status = result.status ?? 0;
  const transient = result.errorKind === "timeout" || result.errorKind === "network" || status === 429 || status >= 500;
  const said = result.errorKind === "http" ? `The webhook answered ${status}.` : `The webhook failed: ${result.error}`;
  throw new ChannelError(said, transient);
}
