import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/test/notification-support";
import type { NotificationMessage } from "./render";
import { ChannelError, sendToChannel, type TransportSettings } from "./transport";

// The e-mail path through nodemailer to a real SMTP server (smtp-server, in this process, on loopback).

const message: NotificationMessage = {
  title: "Cancelled: Contoso production",
  summary: "Cancelled within 72 hours of the purchase: Microsoft does not bill it.",
  facts: [["Offer / plan", "fabrikam-cloud / pro-seats"]],
  link: { label: "Open the subscription", url: "https://portal.example/admin/subscriptions/abc" },
};
const channel = { id: "c", kind: "email" as const, name: "Ops", target: "ops@fabrikam.example, cto@fabrikam.example" };

/** Quoted-printable soft line breaks and escapes, undone: the body as the recipient reads it. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

const transport = (over: Partial<TransportSettings> = {}): TransportSettings => ({
  smtp: { host: "127.0.0.1", port: sink.port, user: "portal", password: "s3cret" },
  from: "Portal <portal@fabrikam.example>",
  capture: null,
  timeoutMs: 5_000,
  production: false,
  ...over,
});

describe("e-mail over SMTP", () => {
  it("authenticates and delivers text and HTML with the link to every recipient", async () => {
    await sendToChannel(channel, [message], transport());
    const [mail] = sink.messages;
    expect(mail).toMatchObject({
      from: "portal@fabrikam.example",
      to: ["ops@fabrikam.example", "cto@fabrikam.example"],
      user: "portal",
    });
    const body = decoded(mail!.raw);
    expect(body).toContain("Subject: Cancelled: Contoso production");
    expect(body).toContain("Open the subscription: https://portal.example/admin/subscriptions/abc");
    expect(body).toContain('<a href="https://portal.example/admin/subscriptions/abc">Open the subscription</a>');
  });

  it("works from SMTP_URL too", async () => {
    const before = sink.messages.length;
    await sendToChannel(
      channel,
      [message],
      transport({ smtp: { url: `smtp://portal:s3cret@127.0.0.1:${sink.port}` } }),
    );
    expect(sink.messages).toHaveLength(before + 1);
  });

  it("calls a refusal (5xx) permanent and an unreachable server transient, without credentials in the error", async () => {
    sink.refuseWith = 550;
    const refused = await sendToChannel(channel, [message], transport()).catch((e: unknown) => e);
    sink.refuseWith = null;
    expect(refused).toBeInstanceOf(ChannelError);
    expect(refused).toMatchObject({ transient: false, message: "The SMTP server refused the mail (550)." });
    const down = await sendToChannel(
      channel,
      [message],
      transport({ smtp: { url: "smtp://portal:s3cret@127.0.0.1:1" } }),
    ).catch((e: unknown) => e);
    expect(down).toMatchObject({ transient: true });
    expect((down as Error).message).not.toContain("s3cret");
  });
});
