# syntax=docker/dockerfile:1
# The portal's production image: the standalone build, exactly as the smoke test runs it
# (scripts/test/smoke.ts; test/deploy-files.test.ts holds this file to scripts/release/commands.ts).
#
#   docker build -t marketplace-portal .
#   docker run … marketplace-portal                     the portal:   node server.js
#   docker run … marketplace-portal node migrate.mjs    release step: migrations (run before a new version starts)
#   docker run … marketplace-portal node worker.mjs     the job queue alone (web instances with JOBS_CONCURRENCY=0)
#
# Runs as a non-root user on a read-only root file system: it writes nothing but /tmp.

# ── 1. dependencies (cached while package*.json and the schema are unchanged) ──────────────────────────
FROM node:20-slim AS deps
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# `npm install`, not `npm ci` (README: the lockfile lacks other platforms' optional packages); its
# postinstall generates the Prisma client.
RUN npm install --no-audit --no-fund

# ── 2. build ───────────────────────────────────────────────────────────────────────────────────────────
FROM deps AS build
COPY . .
RUN npm run build:standalone

# ── 3. runtime: the standalone folder only (no npm, no tsx, no sources) ───────────────────────────────
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORTAL_MODE=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    TMPDIR=/tmp
# Owned by root, read by the unprivileged `node` user: the application cannot change its own code.
COPY --from=build /src/.next/standalone ./
USER node
EXPOSE 3000
# Liveness (the process answers); readiness, /api/ready, is the platform's probe (database, migrations, shutdown).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: readiness 503, requests and jobs finish within SHUTDOWN_TIMEOUT_MS (default 25 s), then exit.
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
