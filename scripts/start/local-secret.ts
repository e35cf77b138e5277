/**
 * Local mode's session secret. Without AUTH_SECRET the portal would sign sessions with the value published
 * in lib/env/defaults.ts, and anyone who can reach it could forge a staff session (a forged cookie opened
 * /admin/people). So `npm start` generates a random secret once, keeps it in .data/ (owner-only), and
 * passes it to the server: sessions survive restarts, and no two checkouts share one.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const LOCAL_SECRET_FILE = path.join(".data", "auth-secret");

/** The secret in `file`, created (48 random bytes, base64url) when missing or unusable. */
export function localAuthSecret(file = LOCAL_SECRET_FILE): { secret: string; created: boolean } {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (existing.length >= 32) return { secret: existing, created: false };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { secret, created: true };
}
