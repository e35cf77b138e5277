import type { DoctorContext } from "../context";
import { fail, pass, skip, warn, type DoctorCheck } from "../types";
import { NEEDS_CONFIGURATION } from "./configuration";

/** Beyond these, tokens start to look expired or not yet valid on one side (Entra back-dates by 5 minutes). */
export const CLOCK_WARN_MS = 60_000;
export const CLOCK_FAIL_MS = 5 * 60_000;

/**
 * This machine's clock against Entra's: the `Date` header of Entra's discovery document, compared with the
 * middle of the request. A skewed clock makes webhook tokens look expired (or not yet valid) and metering
 * dates wrong. `Date` has whole seconds, so the comparison is good to about a second.
 */
export const clockCheck = (ctx: DoctorContext): DoctorCheck => ({
  id: "clock",
  title: "Clock skew against Entra",
  async run() {
    const env = ctx.env;
    if (!env) return skip(NEEDS_CONFIGURATION);
    const url = `${env.entra.authorityHost}/${env.marketplace.tenantId}/v2.0/.well-known/openid-configuration`;
    const sent = ctx.now().getTime();
    let header: string | null;
    try {
      const response = await ctx.fetch(url, { signal: AbortSignal.timeout(env.marketplace.timeoutMs) });
      header = response.headers.get("date");
      await response.body?.cancel();
    } catch {
      return fail(
        `Entra ID (${env.entra.authorityHost}) could not be reached to read its time.`,
        "Check that this machine reaches ENTRA_AUTHORITY_HOST over https (DNS, firewall, outbound proxy).",
      );
    }
    const received = ctx.now().getTime();
    const entraMs = header ? Date.parse(header) : NaN;
    if (Number.isNaN(entraMs))
      return warn(
        "Entra ID's answer had no readable Date header, so the clock could not be compared.",
        "Compare this machine's clock with an NTP server by hand (e.g. `chronyc tracking`).",
      );
    // The header's second could have started up to 1 s before Entra wrote it: its middle is the best guess.
    const offset = Math.round((sent + received) / 2 - (entraMs + 500));
    const seconds = Math.round(Math.abs(offset) / 1000);
    const direction = offset > 0 ? "ahead of" : "behind";
    const said = `This machine's clock is ${seconds} s ${direction} Entra's (round trip ${received - sent} ms).`;
    const fix = "Synchronise this machine's clock with NTP (e.g. enable systemd-timesyncd or chrony).";
    if (Math.abs(offset) > CLOCK_FAIL_MS) return fail(said, fix);
    if (Math.abs(offset) > CLOCK_WARN_MS) return warn(said, fix);
    return pass(`${said.slice(0, -1)}: within ${CLOCK_WARN_MS / 1000} s.`);
  },
});
