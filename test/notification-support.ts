/**
 * Test-only: receivers for the notification tests. A JSON receiver on loopback (what a Teams or Slack
 * incoming webhook is: a POST of JSON) that answers as the test says, and an SMTP server in the test process
 * (smtp-server) that keeps every message it is handed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type JsonReceiver = {
  url: string;
  bodies: unknown[];
  answer: () => number;
  stop(): Promise<void>;
};

export async function startJsonReceiver(): Promise<JsonReceiver> {
  const receiver: JsonReceiver = { url: "", bodies: [], answer: () => 200, stop: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = receiver.answer();
      if (status < 300 && req.headers["content-type"] === "application/json")
        receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(status).end(status < 300 ? "1" : "error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/secret-token-abcd`;
  receiver.stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

export type SmtpMessage = { from: string; to: string[]; raw: string; user: string | undefined };
export type SmtpSink = { port: number; messages: SmtpMessage[]; refuseWith: number | null; stop(): Promise<void> };

/** An SMTP server on loopback, plain (no TLS), that asks for and accepts user "portal" / password "s3cret". */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = { port: 0, messages: [] as SmtpMessage[], refuseWith: null as number | null } as SmtpSink;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "portal" && auth.password === "s3cret") callback(null, { user: auth.username });
      else callback(new Error("Invalid credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (sink.refuseWith) {
          const error = Object.assign(new Error("refused"), { responseCode: sink.refuseWith });
          return callback(error);
        }
        sink.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}
