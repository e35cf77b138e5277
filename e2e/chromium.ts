import fs from "node:fs";

// Debian's Chromium by default (Playwright's browser download is not reachable everywhere);
// CHROMIUM_PATH overrides it; without either, Playwright's own browser is used where installed.
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The browser every Playwright configuration of this project launches. */
export const launchOptions = { ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: chromiumArgs };
