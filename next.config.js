import createNextIntlPlugin from "next-intl/plugin";

// next-intl without i18n routing: no locale in the URL (Microsoft's landing links must work as sent), no
// middleware of its own (proxy.ts keeps the CSP nonce); the request's locale comes from lib/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const securityHeaders = [
  // The landing URL carries the purchase token in its query string: it never leaves as a Referer to another
  // site. Not `no-referrer`: under it the browser sends `Origin: null` with a same-site form POST, and Next.js
  // refuses a server action from it as cross-site: a buyer who clicked Confirm before the page's JavaScript
  // ran (or without it) was refused (found by bench/cluster.ts). Our own server gets the URL it served.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Content-Security-Policy and, in production, Strict-Transport-Security are set per request by proxy.ts
  // (the policy carries a fresh script nonce; the mode is known at run time, not at build time).
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig = {
  // A self-contained server folder (.next/standalone) for containers: `npm run build:standalone`
  // (scripts/build-standalone.ts) sets PORTAL_STANDALONE_BUILD and completes the folder. Only then: `next
  // start` (npm start) warns on every start when the configuration says standalone.
  output: process.env.PORTAL_STANDALONE_BUILD === "1" ? "standalone" : undefined,
  // lib/data/health.ts lists prisma/migrations under process.cwd() (readiness): the tracer cannot tell which
  // folder that is and takes the whole checkout. The server needs none of these at run time; the migrations
  // folder stays (readiness compares it with the database).
  outputFileTracingExcludes: {
    "*": [
      "./{app,lib,e2e,test,bench,examples,simulator,scripts,openapi,generated,certs,test-results}/**",
      "./.data/**",
      "./*.{md,ts,mjs,json}",
      "./next.config.js",
      "./node_modules/typescript/**",
    ],
  },
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
    // The tracing SDK (loaded only when OTEL_* is set) patches modules at run time: it must stay a real require.
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "@prisma/instrumentation",
  ],
  // `npm test` type-checks and lints; keeping that out of `next build` keeps `npm start` fast.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Metadata (the <title>) in the <head> of the first bytes for every browser, not streamed in later: titles
  // come from the buyer's language (async), and a streamed title is missing when assistive technology (and
  // axe, in the journeys) reads the page early.
  htmlLimitedBots: /.*/,
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
