import createNextIntlPlugin from "next-intl/plugin";

// next-intl without i18n routing: no locale in the URL (Microsoft's landing links must work as sent), no
// middleware of its own (proxy.ts keeps the CSP nonce); the request's locale comes from lib/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const securityHeaders = [
  // The landing URL carries the purchase token in its query string: never send it on as a Referer.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Content-Security-Policy and, in production, Strict-Transport-Security are set per request by proxy.ts
  // (the policy carries a fresh script nonce; the mode is known at run time, not at build time).
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig = {
  // Database drivers (PGlite is WebAssembly, pg is native-friendly) and the logger stay out of the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "pino-pretty",
    "thread-stream",
    "@azure/msal-node",
    "graphile-worker",
  ],
  // `npm test` type-checks and lints; keeping that out of `next build` keeps `npm start` fast.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Every request the proxy sees has its body buffered up to this size before its page or route runs
    // (Next.js's default is 10 MB). Server actions take at most 1 MB anyway; machine endpoints are kept
    // out of the proxy altogether (proxy.ts).
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(nextConfig);
