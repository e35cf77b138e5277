import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { resetEnvCache } from "@/lib/env";
import { setPortalEnv } from "@/test/simulator";
import { proxy } from "@/proxy";
import { contentSecurityPolicy } from "./security-headers";

const production = {
  PORTAL_MODE: "production",
  PORTAL_URL: "https://portal.fabrikam.example",
  AUTH_SECRET: "x".repeat(48),
  DATABASE_URL: "postgresql://portal:pw@db.internal:5432/portal",
  ENTRA_SIGNIN_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  ENTRA_SIGNIN_CLIENT_SECRET: "signin-secret-from-entra",
  MARKETPLACE_TENANT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  MARKETPLACE_CLIENT_ID: "99999999-8888-7777-6666-555555555555",
  MARKETPLACE_CLIENT_SECRET: "fulfillment-secret-from-entra",
};

let restore: (() => void) | undefined;
function runProxy(env: Record<string, string>, url = "https://portal.fabrikam.example/admin") {
  restore?.();
  restore = setPortalEnv(env);
  resetEnvCache();
  return proxy(new NextRequest(url));
}
afterEach(() => {
  restore?.();
  restore = undefined;
  resetEnvCache();
});

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("the proxy's security headers", () => {
  it("production: HSTS, and a policy whose forms post to the portal only and that upgrades http", () => {
    const response = runProxy(production);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    const csp = response.headers.get("content-security-policy")!;
    expect(directive(csp, "default-src")).toBe("default-src 'self'");
    expect(directive(csp, "form-action")).toBe("form-action 'self'");
    expect(csp).not.toMatch(/localhost|127\.0\.0\.1|http:/);
    expect(csp).toContain("upgrade-insecure-requests");
  });

  it("local mode (plain http): no HSTS, no upgrade, the same policy otherwise", () => {
    const response = runProxy({ PORTAL_MODE: "local" }, "http://localhost:3000/");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    const csp = response.headers.get("content-security-policy")!;
    expect(directive(csp, "form-action")).toBe("form-action 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("a fresh script nonce per request, given to Next.js on the request and to the browser on the response", () => {
    const first = runProxy(production);
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy")!)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // NextResponse.next({ request: { headers } }) hands the request headers to the page as x-middleware-request-*.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(
      first.headers.get("content-security-policy"),
    );
    const second = runProxy(production);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows only nonce-carrying scripts and what they load; eval and inline styles only under next dev", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", production: false, devServer: false });
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "style-src")).toBe("style-src 'self' 'nonce-abc'");
    const dev = contentSecurityPolicy({ nonce: "abc", production: false, devServer: true });
    expect(directive(dev, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    expect(directive(dev, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
  });
});
