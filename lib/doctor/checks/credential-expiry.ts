import { X509Certificate } from "node:crypto";
import type { DoctorContext } from "../context";
import { daysBetween, fail, pass, skip, warn, type CheckResult, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** Renewing a credential means a new one in Entra and a deployment: a month's notice. */
export const EXPIRY_WARN_DAYS = 30;

function judgeExpiry(what: string, expiresAt: Date, now: Date, fix: string): CheckResult {
  const days = daysBetween(now, expiresAt);
  const when = expiresAt.toISOString();
  if (expiresAt.getTime() <= now.getTime())
    return fail(`The ${what} expired on ${when}: Entra refuses it, so the portal gets no token.`, fix);
  if (days < EXPIRY_WARN_DAYS) return warn(`The ${what} expires on ${when}, in ${days} day(s).`, fix);
  return pass(`The ${what} expires on ${when}, in ${days} days.`);
}

/** The certificate of MARKETPLACE_CLIENT_CERTIFICATE: notAfter read from the PEM itself. */
export const certificateExpiryCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "certificate-expiry",
  title: "Certificate expiry",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    const path = env.marketplace.clientCertificatePath;
    if (!path) return skip("The app authenticates with a client secret, not a certificate.");
    const fix =
      "Upload a new certificate to the app registration (Certificates & secrets), point MARKETPLACE_CLIENT_CERTIFICATE at its PEM and redeploy.";
    let certificate: X509Certificate;
    try {
      const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(ctx.readFile(path))?.[0];
      if (!pem) return fail(`${path} holds no certificate (-----BEGIN CERTIFICATE-----).`, fix);
      certificate = new X509Certificate(pem);
    } catch {
      return fail(`${path} could not be read as a PEM certificate.`, fix);
    }
    const notBefore = new Date(certificate.validFrom);
    if (notBefore.getTime() > ctx.now().getTime())
      return fail(
        `The certificate is not valid before ${notBefore.toISOString()}.`,
        "Check this machine's clock, or use a certificate that is valid now.",
      );
    return judgeExpiry("certificate", new Date(certificate.validTo), ctx.now(), fix);
  },
});

/** The client secret's expiry, when MARKETPLACE_CLIENT_SECRET_EXPIRES_AT says it (no token reveals it). */
export const clientSecretExpiryCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "client-secret-expiry",
  title: "Client secret expiry",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    if (env.marketplace.clientCertificatePath)
      return skip("The app authenticates with a certificate, not a client secret.");
    const expiresAt = env.marketplace.clientSecretExpiresAt;
    if (!expiresAt)
      return skip(
        "Entra does not reveal a secret's expiry through the token.",
        env.isProduction
          ? "Set MARKETPLACE_CLIENT_SECRET_EXPIRES_AT to the expiry Entra shows under Certificates & secrets, to be warned a month ahead."
          : undefined,
      );
    return judgeExpiry(
      "client secret",
      expiresAt,
      ctx.now(),
      "Create a new client secret in Entra (App registrations → Certificates & secrets), deploy it with its new MARKETPLACE_CLIENT_SECRET_EXPIRES_AT, then delete the old one.",
    );
  },
});
