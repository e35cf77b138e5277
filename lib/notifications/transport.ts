import "server-only";
import nodemailer from "nodemailer";
import type { SmtpSettings } from "@/lib/env/notifications";
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
};

export async function sendToChannel(
  channel: Channel,
  messages: readonly NotificationMessage[],
  settings: TransportSettings,
): Promise<void> {
  if (channel.kind === "email") return sendMail(channel.target, mailOf(messages), settings);
  const payload = channel.kind === "teams" ? teamsPayloadOf(messages) : slackPayloadOf(messages);
  return postJson(channel.target, payload, settings.timeoutMs);
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

async function postJson(url: string, payload: unknown, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const timedOut = e instanceof Error && e.name === "TimeoutError";
    throw new ChannelError(
      timedOut ? "The webhook did not answer in time." : "The webhook could not be reached.",
      true,
    );
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return;
  const transient = response.status === 429 || response.status >= 500;
  throw new ChannelError(`The webhook answered ${response.status}.`, transient);
}
