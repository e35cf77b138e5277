import "server-only";
import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { isLoopbackHost } from "@/lib/env/net-address";
import { bearerToken, type AuthOutcome, type AuthStrategy } from "@/lib/http/auth-strategy";

/**
 * Who may read /api/metrics: a scraper with METRICS_TOKEN, or, when no token is set, anyone who can reach
 * a portal that listens on loopback only (a local portal: only this machine can). The caller's address
 * itself is not used: behind a proxy every request comes from the proxy, and a forwarded-for header is
 * the caller's to write.
 */
export function metricsScraper(): AuthStrategy<null> {
  return {
    security: { kind: "scheme", scheme: "metricsToken", scopes: [] },
    authenticate: async (request) => {
      const { metrics, host } = getEnv();
      return metricsAccess({ token: metrics.token, host }, request);
    },
  };
}

export function metricsAccess(settings: { token?: string; host: string }, request: Request): AuthOutcome<null> {
  const { token, host } = settings;
  if (!token) {
    if (isLoopbackHost(host)) return { ok: true, caller: null };
    return {
      ok: false,
      refusal: {
        type: "forbidden",
        detail: "Metrics are off: set METRICS_TOKEN on the portal and send it as `Authorization: Bearer <token>`.",
        reason: "no METRICS_TOKEN and the portal listens beyond loopback",
      },
    };
  }
  const sent = bearerToken(request);
  if (sent.ok && sameSecret(sent.token, token)) return { ok: true, caller: null };
  return {
    ok: false,
    refusal: {
      type: "unauthenticated",
      detail: "Send the portal's METRICS_TOKEN as `Authorization: Bearer <token>`.",
      challenge: 'Bearer realm="metrics"',
      reason: sent.ok ? "wrong metrics token" : `metrics token ${sent.reason}`,
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
