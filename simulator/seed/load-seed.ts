// Loads identities.json, personas.json and offers.json, validates them and applies SIM_* overrides.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Plan } from "../api-types";
import type { Settings } from "../settings";

const ZTermUnit = z.enum(["P1M", "P1Y", "P2Y", "P3Y", "P4Y", "P5Y"]);

export const ZTenant = z.object({
  id: z.guid(),
  displayName: z.string().min(1),
  kind: z.enum(["organization", "msa"]),
  domains: z.array(z.string().min(1)),
});

const ZApp = z.object({ clientId: z.guid(), clientSecret: z.string().min(1), displayName: z.string().min(1) });

const ZIdentities = z.object({
  publisher: z.object({ tenantId: z.guid(), publisherId: z.string().min(1), displayName: z.string().min(1) }),
  apps: z.object({
    fulfillment: ZApp,
    signIn: ZApp.extend({ portalOrigins: z.array(z.url()), redirectPaths: z.array(z.string().startsWith("/")) }),
  }),
  tenants: z.array(ZTenant).min(1),
  defaultTenantId: z.guid(),
});

export const ZPersona = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** Absent for users whose ID token carries no `email` claim (only preferred_username). */
  email: z.email().optional(),
  preferredUsername: z.string().min(1),
  tenantId: z.guid(),
  oid: z.guid(),
  puid: z.string().min(1),
  roles: z.array(z.string()),
  /** The account's preferred language, sent as Entra's optional claim `xms_pl` in ID tokens (BCP 47). */
  preferredLanguage: z.string().min(2).max(35).optional(),
  description: z.string().default(""),
});

/** The Plan object exactly as listAvailablePlans returns it, plus simulator-only fields. */
export const ZPlanSeed = z.object({
  planId: z.string().min(1),
  displayName: z.string().min(1),
  description: z.string(),
  isPrivate: z.boolean(),
  isPricePerSeat: z.boolean(),
  minQuantity: z.number().int().positive().optional(),
  maxQuantity: z.number().int().positive().optional(),
  hasFreeTrials: z.boolean(),
  isStopSell: z.boolean(),
  market: z.string().length(2),
  planComponents: z.object({
    recurrentBillingTerms: z
      .array(
        z.object({
          currency: z.string().length(3),
          price: z.number().nonnegative(),
          termUnit: ZTermUnit,
          termDescription: z.string(),
          meteredQuantityIncluded: z.array(z.object({ dimensionId: z.string(), units: z.string() })),
        }),
      )
      .min(1),
    meteringDimensions: z.array(
      z.object({
        id: z.string().min(1),
        currency: z.string().length(3),
        pricePerUnit: z.number().nonnegative(),
        unitOfMeasure: z.string(),
        displayName: z.string(),
      }),
    ),
  }),
  /** Tenants that may buy or switch to this private plan. */
  audienceTenantIds: z.array(z.guid()).optional(),
  /** Private offer id reported in listAvailablePlans?planId=… `sourceOffers[].externalId`. */
  privateOfferId: z.guid().optional(),
  /** Auto-activation plan: Subscribed at purchase, `Subscribe` webhook, no Activate call. */
  autoActivation: z.boolean().optional(),
});

export const ZOfferSeed = z.object({
  offerId: z.string().min(1),
  displayName: z.string().min(1),
  plans: z.array(ZPlanSeed).min(1),
});

export type Tenant = z.infer<typeof ZTenant>;
export type Persona = z.infer<typeof ZPersona>;
export type PlanSeed = z.infer<typeof ZPlanSeed>;
export type OfferSeed = z.infer<typeof ZOfferSeed>;
export type AppRegistration = z.infer<typeof ZApp>;

type SpecPart = Omit<PlanSeed, "audienceTenantIds" | "privateOfferId" | "autoActivation">;
// Compile-time guard: the seed's plan shape must stay assignable to Microsoft's Plan schema.
const _planShapeMatchesSpec: SpecPart extends Plan ? true : never = true;

export type Seed = {
  publisher: { tenantId: string; publisherId: string; displayName: string };
  fulfillmentApp: AppRegistration;
  signInApp: AppRegistration & { redirectUris: string[] };
  tenants: Tenant[];
  defaultTenantId: string;
  personas: Persona[];
  offers: OfferSeed[];
};

function readJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, file), "utf8"));
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid seed ${label}:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function parsePersonas(value: unknown, label = "personas"): Persona[] {
  return parseOrThrow(z.array(ZPersona), value, label);
}

export function parseOffers(value: unknown, label = "offers"): OfferSeed[] {
  return parseOrThrow(z.array(ZOfferSeed), value, label);
}

/** Reads the seed directory and applies the SIM_* identity overrides. */
export function loadSeed(settings: Settings): Seed {
  const identities = parseOrThrow(ZIdentities, readJson(settings.seedDir, "identities.json"), "identities.json");
  const personas = parsePersonas(readJson(settings.seedDir, "personas.json"), "personas.json");
  const offersFile = parseOrThrow(
    z.object({ offers: z.array(ZOfferSeed) }),
    readJson(settings.seedDir, "offers.json"),
    "offers.json",
  );
  const o = settings.identityOverrides;
  const seedTenant = identities.publisher.tenantId;
  const publisherTenant = o.publisherTenantId ?? seedTenant;
  // Moving the publisher tenant moves its staff personas and its tenant entry along with it.
  const moveTenant = (id: string): string => (id === seedTenant ? publisherTenant : id);
  const { signIn } = identities.apps;
  const origins = [
    ...new Set([...signIn.portalOrigins.map((origin) => origin.replace(/\/+$/, "")), settings.portalUrl]),
  ];
  const redirectUris = [
    ...new Set([
      ...origins.flatMap((origin) => signIn.redirectPaths.map((p) => `${origin}${p}`)),
      ...settings.extraRedirectUris,
    ]),
  ];
  return {
    publisher: {
      ...identities.publisher,
      tenantId: publisherTenant,
      publisherId: o.publisherId ?? identities.publisher.publisherId,
    },
    fulfillmentApp: {
      ...identities.apps.fulfillment,
      clientId: o.fulfillmentClientId ?? identities.apps.fulfillment.clientId,
      clientSecret: o.fulfillmentClientSecret ?? identities.apps.fulfillment.clientSecret,
    },
    signInApp: {
      clientId: o.signInClientId ?? signIn.clientId,
      clientSecret: o.signInClientSecret ?? signIn.clientSecret,
      displayName: signIn.displayName,
      redirectUris,
    },
    tenants: identities.tenants.map((t) => ({ ...t, id: moveTenant(t.id) })),
    defaultTenantId: moveTenant(identities.defaultTenantId),
    personas: personas.map((p) => ({ ...p, tenantId: moveTenant(p.tenantId) })),
    offers: offersFile.offers,
  };
}
