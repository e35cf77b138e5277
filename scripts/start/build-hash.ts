/**
 * Decides whether `npm start` must rebuild: a hash of everything that goes into the build, compared
 * with the one recorded after the last successful build. A fresh clone, a `git pull` or an edit rebuilds;
 * a plain restart does not.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = [
  "app",
  "lib",
  "public",
  "generated/prisma",
  "auth.ts",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const RECORD = path.join(".next", "portal-source-hash");

function addPath(hash: ReturnType<typeof createHash>, p: string) {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      if (!/\.test\.tsx?$/.test(name)) addPath(hash, path.join(p, name));
    }
    return;
  }
  hash.update(p).update("\0").update(fs.readFileSync(p));
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) addPath(hash, input);
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(path.join(".next", "BUILD_ID")) &&
    fs.existsSync(RECORD) &&
    fs.readFileSync(RECORD, "utf8") === sourceHash()
  );
}

/**
 * Records the hash taken BEFORE the build (pass it in): a file edited while `next build` ran is then seen
 * as changed at the next start, instead of being recorded as built without having been.
 */
export function recordBuild(hashBeforeBuild: string): void {
  fs.writeFileSync(RECORD, hashBeforeBuild);
}
