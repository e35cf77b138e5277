import { z } from "zod";
import { jsonSetting, optionalText, refuse, whenWellFormed, withPortalMode } from "./shared";

/** An extra field the landing page asks the buyer (LANDING_FIELDS). */
const ZLandingField = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "a name of letters, digits and _"),
  label: z.string().trim().min(1).max(80),
  type: z.enum(["text", "email", "tel"]).default("text"),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(500).default(200),
});
export type LandingField = z.output<typeof ZLandingField>;

/** The landing page: where Microsoft sends the buyer, what it asks, whom it lets in, where it hands off. */
const variables = withPortalMode.extend({
  /** Path of the landing page Microsoft opens with ?token= (Partner Center: Landing page URL = PORTAL_URL + this). */
  LANDING_PATH: z
    .string()
    .trim()
    .regex(/^\/[\w\-./]*$/, "must be a path such as / or /signup (no # or query)")
    .default("/"),
  /** Where "Open the app" sends the buyer after activation; `{subscriptionId}` is replaced. */
  SAAS_APP_URL_TEMPLATE: optionalText,
  /** Extra fields asked on the landing page, as JSON: [{"name","label","type":"text|email|tel","required"}]. By default the buyer's organization (optional). */
  LANDING_FIELDS: jsonSetting(
    {
      name: "LANDING_FIELDS",
      fallback: '[{"name":"companyName","label":"Company or organization","type":"text","required":false}]',
      example: '[{"name":"companyName","label":"Company","required":true}]',
    },
    z.array(ZLandingField).max(10),
  ),
  /** Someone signed in from neither the purchaser's nor the beneficiary's tenant (personal accounts: neither person) opens a purchase link: `refuse` (default) or `warn` (they may confirm; staff see it). */
  LANDING_TENANT_MISMATCH: z.enum(["refuse", "warn"]).default("refuse"),
});

/** For the hand-off's section, which needs a signing key when there is an app to hand off to (one definition, above). */
export const { SAAS_APP_URL_TEMPLATE } = variables.shape;

const toLanding = (v: z.output<typeof variables>) => ({
  landing: {
    path: v.LANDING_PATH,
    appUrlTemplate: v.SAAS_APP_URL_TEMPLATE,
    fields: v.LANDING_FIELDS,
    tenantMismatch: v.LANDING_TENANT_MISMATCH,
  },
});

function refusals(v: z.output<typeof variables>): string[] {
  const p: string[] = [];
  const names = v.LANDING_FIELDS.map((f) => f.name);
  if (new Set(names).size !== names.length || names.includes("contactEmail")) {
    p.push(
      "LANDING_FIELDS: field names must be unique, and contactEmail is built in (asked when the account has no e-mail).",
    );
  }
  const template = v.SAAS_APP_URL_TEMPLATE;
  if (template && !URL.canParse(template.replaceAll("{subscriptionId}", "x"))) {
    p.push("SAAS_APP_URL_TEMPLATE must be a URL, e.g. https://app.example.com/start?subscription={subscriptionId}.");
  } else if (template && v.PORTAL_MODE === "production" && !template.startsWith("https://")) {
    p.push("SAAS_APP_URL_TEMPLATE must be an https:// URL in production.");
  }
  return p;
}

export const ZLandingSettings = variables
  .superRefine((v, ctx) => refuse(ctx, refusals(v)), whenWellFormed)
  .transform(toLanding);
