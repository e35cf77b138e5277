import fs from "node:fs";
import { z } from "zod";
import { parseSigningKeys } from "../handoff/pem";
import { SAAS_APP_URL_TEMPLATE } from "./landing";
import { optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";

/**
 * The signed hand-off: "Open the app" carries a short-lived JWT (ES256) signed with the portal's own key,
 * whose public part is published at /.well-known/jwks.json. Locally a key pair is generated once into
 * .data/ (lib/handoff/local-key.ts); production needs one when there is an app to hand off to.
 */
const variables = withPortalMode.extend({
  SAAS_APP_URL_TEMPLATE,
  /** PEM text of the hand-off's EC P-256 private key(s); several concatenated for a rotation: the first signs, all are published. */
  HANDOFF_SIGNING_KEY: optionalText,
  /** Instead of HANDOFF_SIGNING_KEY: path of a PEM file holding the key(s), same order. */
  HANDOFF_SIGNING_KEY_FILE: optionalText,
  /** Lifetime of a hand-off token, in seconds (from the page's render to the app's check). */
  HANDOFF_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
});
type Variables = z.output<typeof variables>;

const toHandoff = (v: Variables) => ({
  handoff: {
    /** PEM text, when given in the environment (never logged). */
    signingKeyPem: v.HANDOFF_SIGNING_KEY,
    signingKeyFile: v.HANDOFF_SIGNING_KEY_FILE,
    tokenTtlSeconds: v.HANDOFF_TOKEN_TTL_SECONDS,
  },
});

const GENERATE =
  "generate one with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out handoff-key.pem`";

function refusals(v: Variables): string[] {
  const p: string[] = [];
  if (v.HANDOFF_SIGNING_KEY && v.HANDOFF_SIGNING_KEY_FILE) {
    return ["HANDOFF_SIGNING_KEY and HANDOFF_SIGNING_KEY_FILE are both set: set one."];
  }
  if (v.HANDOFF_SIGNING_KEY) {
    const parsed = parseSigningKeys(v.HANDOFF_SIGNING_KEY);
    if (parsed.problem) p.push(`HANDOFF_SIGNING_KEY ${parsed.problem}: ${GENERATE}.`);
  } else if (v.HANDOFF_SIGNING_KEY_FILE) {
    const file = v.HANDOFF_SIGNING_KEY_FILE;
    if (!fs.existsSync(file)) p.push(`HANDOFF_SIGNING_KEY_FILE names a file that does not exist: ${file}.`);
    else {
      const parsed = parseSigningKeys(fs.readFileSync(file, "utf8"));
      if (parsed.problem) p.push(`HANDOFF_SIGNING_KEY_FILE (${file}) ${parsed.problem}: ${GENERATE}.`);
    }
  } else if (v.PORTAL_MODE === "production" && v.SAAS_APP_URL_TEMPLATE) {
    // Without a key the app would get an unsigned id, which anyone can type.
    p.push(
      `HANDOFF_SIGNING_KEY or HANDOFF_SIGNING_KEY_FILE is required in production when SAAS_APP_URL_TEMPLATE is set (the app verifies the hand-off with it): ${GENERATE}.`,
    );
  }
  return p;
}

export const ZHandoffSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toHandoff);
