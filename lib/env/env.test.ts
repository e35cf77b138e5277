import { describe, expect, it } from "vitest";
import { LOCAL_DEFAULTS } from "./defaults";
import { parseEnv } from "./index";

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

describe("local mode", () => {
  it("needs nothing: the simulator and the embedded database", () => {
    const { env, problems } = parseEnv({});
    expect(problems).toEqual([]);
    expect(env).toMatchObject({
      mode: "local",
      portalUrl: "http://localhost:3000",
      host: "127.0.0.1",
      databaseUrl: undefined,
      pgliteDir: ".data/pglite",
      logFormat: "pretty",
      simulator: { enabled: true, pagesUrl: "http://localhost:4011" },
    });
    expect(env?.marketplace).toEqual({
      tenantId: LOCAL_DEFAULTS.publisherTenantId,
      clientId: LOCAL_DEFAULTS.fulfillmentClientId,
      clientSecret: LOCAL_DEFAULTS.fulfillmentClientSecret,
      clientCertificatePath: undefined,
      apiUrl: "https://localhost:4010/api",
      timeoutMs: 10_000,
      maxAttempts: 4,
      deadlineMs: 30_000,
    });
    expect(env?.entra.authorityHost).toBe("https://localhost:4010");
  });

  it("treats blank variables as unset and follows PORT", () => {
    const { env } = parseEnv({ DATABASE_URL: " ", PORT: "3210", SIMULATOR: "false" });
    expect(env?.databaseUrl).toBeUndefined();
    expect(env?.portalUrl).toBe("http://localhost:3210");
    expect(env?.simulator.enabled).toBe(false);
  });

  it("rejects malformed values with the variable's name", () => {
    const { problems } = parseEnv({ PORT: "eighty", LOG_LEVEL: "loud" });
    expect(problems.join("\n")).toMatch(/PORT/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL/);
  });
});

describe("production mode", () => {
  it("starts with complete settings, on Microsoft's endpoints, JSON logs, no simulator", () => {
    const { env, problems } = parseEnv(production);
    expect(problems).toEqual([]);
    expect(env).toMatchObject({
      isProduction: true,
      host: "0.0.0.0",
      logFormat: "json",
      simulator: { enabled: false, pagesUrl: undefined },
    });
    expect(env?.entra.authorityHost).toBe("https://login.microsoftonline.com");
    expect(env?.marketplace.apiUrl).toBe("https://marketplaceapi.microsoft.com/api");
  });

  it("names every missing setting", () => {
    const { problems } = parseEnv({ PORTAL_MODE: "production" });
    const text = problems.join("\n");
    for (const name of [
      "AUTH_SECRET",
      "DATABASE_URL",
      "PORTAL_URL",
      "ENTRA_SIGNIN_CLIENT_ID",
      "ENTRA_SIGNIN_CLIENT_SECRET",
      "MARKETPLACE_TENANT_ID",
      "MARKETPLACE_CLIENT_ID",
      "MARKETPLACE_CLIENT_SECRET",
    ]) {
      expect(text).toContain(name);
    }
  });

  it("accepts a certificate instead of the fulfillment secret, if the file exists", () => {
    const withCertificate = {
      ...production,
      MARKETPLACE_CLIENT_SECRET: "",
      MARKETPLACE_CLIENT_CERTIFICATE: "package.json",
    };
    expect(parseEnv(withCertificate).problems).toEqual([]);
    expect(parseEnv({ ...withCertificate, MARKETPLACE_CLIENT_CERTIFICATE: "/no/such.pem" }).problems.join()).toMatch(
      /does not exist/,
    );
    expect(parseEnv({ ...production, MARKETPLACE_CLIENT_SECRET: "" }).problems.join()).toMatch(
      /MARKETPLACE_CLIENT_SECRET \(or MARKETPLACE_CLIENT_CERTIFICATE\)/,
    );
  });

  it.each([
    ["AUTH_SECRET", { AUTH_SECRET: "short" }, /too short/],
    ["AUTH_SECRET", { AUTH_SECRET: LOCAL_DEFAULTS.authSecret }, /local development value/],
    [
      "MARKETPLACE_CLIENT_SECRET",
      { MARKETPLACE_CLIENT_SECRET: LOCAL_DEFAULTS.fulfillmentClientSecret },
      /simulator's local value/,
    ],
    ["PORTAL_URL", { PORTAL_URL: "http://portal.fabrikam.example" }, /https/],
    ["PORTAL_URL", { PORTAL_URL: "https://localhost:3000" }, /localhost/],
    ["DATABASE_URL", { DATABASE_URL: "mysql://x" }, /postgresql/],
    ["ENTRA_AUTHORITY_HOST", { ENTRA_AUTHORITY_HOST: "https://localhost:4010" }, /simulator/],
    ["MARKETPLACE_API_URL", { MARKETPLACE_API_URL: "https://127.0.0.1:4010/api" }, /simulator/],
    ["SIMULATOR", { SIMULATOR: "true" }, /local-only/],
    ["LOG_FORMAT", { LOG_FORMAT: "pretty" }, /local-only/],
    [
      "SHUTDOWN_READINESS_DELAY_MS",
      { SHUTDOWN_READINESS_DELAY_MS: "30000", SHUTDOWN_TIMEOUT_MS: "25000" },
      /shorter than SHUTDOWN_TIMEOUT_MS/,
    ],
  ])("refuses an unsafe %s", (name, override, message) => {
    const { env, problems } = parseEnv({ ...production, ...override });
    expect(env).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toMatch(message);
  });
});

describe("production: Microsoft's URLs and ids", () => {
  it.each([
    ["ENTRA_AUTHORITY_HOST", "http://login.microsoftonline.com"],
    ["MARKETPLACE_API_URL", "http://marketplaceapi.microsoft.com/api"],
  ])("refuses a plain-http %s (secrets and tokens travel to it)", (name, url) => {
    const { problems } = parseEnv({ ...production, [name]: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} must be an https:// URL`));
  });

  it("accepts another https Microsoft cloud (sovereign clouds have their own hosts)", () => {
    expect(parseEnv({ ...production, ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.us" }).problems).toEqual([]);
  });

  it.each(["MARKETPLACE_TENANT_ID", "MARKETPLACE_CLIENT_ID", "ENTRA_SIGNIN_CLIENT_ID"])(
    "requires %s to be a GUID",
    (name) => {
      const { problems } = parseEnv({ ...production, [name]: "fabrikam.onmicrosoft.com" });
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name} must be a GUID`))]);
    },
  );

  it("requires ADMIN_TENANT_ID to be a GUID, and accepts one in any case", () => {
    expect(parseEnv({ ...production, ADMIN_TENANT_ID: "fabrikam.onmicrosoft.com" }).problems).toEqual([
      expect.stringMatching(/^ADMIN_TENANT_ID must be your publisher tenant's id, a GUID/),
    ]);
    expect(parseEnv({ ...production, ADMIN_TENANT_ID: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE" }).problems).toEqual([]);
  });

  it.each(["common", "organizations", "Consumers"])(
    "refuses ADMIN_TENANT_ID=%s in either mode (any tenant's admin could then grant staff roles)",
    (alias) => {
      expect(parseEnv({ ...production, ADMIN_TENANT_ID: alias }).problems).toEqual([
        expect.stringMatching(/^ADMIN_TENANT_ID cannot be/),
      ]);
      expect(parseEnv({ ADMIN_TENANT_ID: alias }).problems).toEqual([
        expect.stringMatching(/^ADMIN_TENANT_ID cannot be/),
      ]);
    },
  );

  it.each([
    "https://127.1:4010",
    "https://[::ffff:127.0.0.1]:4010",
    "https://0.0.0.0:4010",
    "https://localhost.:4010",
    "https://[::1]:4010",
    "https://2130706433:4010",
    "https://0x7f.0.0.1:4010",
    "https://[0:0:0:0:0:0:0:1]:4010",
    "https://sim.localhost:4010",
  ])("sees through %s as this machine (the address is parsed, not matched)", (url) => {
    for (const name of ["ENTRA_AUTHORITY_HOST", "MARKETPLACE_API_URL", "PORTAL_URL"]) {
      const { problems } = parseEnv({ ...production, [name]: url });
      expect(problems, name).toHaveLength(1);
      expect(problems[0], name).toMatch(/local simulator|points at this machine/);
    }
  });

  it.each([
    "https://10.0.0.5",
    "https://[2001:db8::1]",
    "https://127.0.0.1.example.com",
    "https://localhost.example.com",
  ])("does not take %s for this machine", (url) => {
    expect(parseEnv({ ...production, PORTAL_URL: url }).problems).toEqual([]);
  });
});

describe("local mode on a network interface", () => {
  it.each(["0.0.0.0", "::", "192.168.1.20", "portal.lan"])(
    "refuses HOST=%s while AUTH_SECRET is the published local value (sessions could be forged)",
    (host) => {
      const { problems } = parseEnv({ HOST: host });
      expect(problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `^HOST=${host.replace(/\./g, "\\.")} makes the portal reachable from other machines, but AUTH_SECRET is the published local value`,
          ),
        ),
      ]);
      expect(parseEnv({ HOST: host, AUTH_SECRET: LOCAL_DEFAULTS.authSecret }).problems).toHaveLength(1);
    },
  );

  it.each(["127.0.0.1", "127.1", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"])(
    "accepts the published value on loopback (HOST=%s)",
    (host) => {
      expect(parseEnv({ HOST: host }).problems).toEqual([]);
    },
  );

  it("accepts any interface with a secret of its own (npm start generates one)", () => {
    expect(parseEnv({ HOST: "0.0.0.0", AUTH_SECRET: "r".repeat(48) }).problems).toEqual([]);
  });
});

describe("landing page settings", () => {
  it("asks for the organization by default and has no hand-off link", () => {
    const { env } = parseEnv({});
    expect(env?.landing).toEqual({
      path: "/",
      appUrlTemplate: undefined,
      fields: [
        { name: "companyName", label: "Company or organization", type: "text", required: false, maxLength: 200 },
      ],
      tenantMismatch: "refuse",
    });
  });

  it("refuses people outside the purchase by default; LANDING_TENANT_MISMATCH=warn lets them confirm; anything else is a problem", () => {
    expect(parseEnv({ LANDING_TENANT_MISMATCH: "warn" }).env?.landing.tenantMismatch).toBe("warn");
    expect(parseEnv({ PORTAL_MODE: "production" }).problems.join(" ")).not.toContain("LANDING_TENANT_MISMATCH");
    expect(parseEnv({ LANDING_TENANT_MISMATCH: "allow" }).problems.join(" ")).toContain("LANDING_TENANT_MISMATCH");
  });

  it("reads the publisher's fields, path and hand-off template", () => {
    const { env, problems } = parseEnv({
      LANDING_PATH: "/signup",
      SAAS_APP_URL_TEMPLATE: "https://app.fabrikam.example/start?subscription={subscriptionId}",
      LANDING_FIELDS:
        '[{"name":"companyName","label":"Company","required":true},{"name":"phone","label":"Phone","type":"tel"}]',
    });
    expect(problems).toEqual([]);
    expect(env?.landing.path).toBe("/signup");
    expect(env?.landing.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["companyName", "text", true],
      ["phone", "tel", false],
    ]);
  });

  it.each([
    ["not JSON", "{oops", /not valid JSON/],
    ["a bad name", '[{"name":"1x","label":"X"}]', /name/],
    ["a duplicate", '[{"name":"a","label":"A"},{"name":"a","label":"B"}]', /unique/],
    ["the built-in contactEmail", '[{"name":"contactEmail","label":"E-mail"}]', /built in/],
    ["an unknown type", '[{"name":"a","label":"A","type":"color"}]', /type/],
  ])("refuses LANDING_FIELDS with %s", (_case, value, message) => {
    const { problems } = parseEnv({ LANDING_FIELDS: value });
    expect(problems.join("\n")).toMatch(message);
  });

  it("refuses a landing path with a # (Microsoft cannot open it) and a malformed app URL", () => {
    expect(parseEnv({ LANDING_PATH: "/#/signup" }).problems.join()).toMatch(/LANDING_PATH/);
    expect(parseEnv({ SAAS_APP_URL_TEMPLATE: "not a url {subscriptionId}" }).problems.join()).toMatch(
      /SAAS_APP_URL_TEMPLATE/,
    );
    expect(
      parseEnv({ ...production, SAAS_APP_URL_TEMPLATE: "http://app.example/{subscriptionId}" }).problems.join(),
    ).toMatch(/https/);
  });
});

describe("webhook settings", () => {
  it("accepts every change and reinstatement by default, with a 64 KiB body limit", () => {
    const { env } = parseEnv({});
    expect(env?.webhook).toEqual({
      maxBodyBytes: 65_536,
      changePolicy: "accept",
      planOrder: [],
      planRules: {},
      reinstatePolicy: "accept",
    });
  });

  it("reads the policy, the plan order and per-plan rules (a string applies to plan and seat changes alike)", () => {
    const { env, problems } = parseEnv({
      WEBHOOK_MAX_BODY_BYTES: "4096",
      WEBHOOK_CHANGE_POLICY: "upgrades",
      WEBHOOK_PLAN_ORDER: " basic, fabrikam-cloud/pro-seats ,enterprise",
      WEBHOOK_PLAN_RULES: '{"enterprise":"refuse","fabrikam-cloud/pro-seats":{"quantity":"accept"}}',
      WEBHOOK_REINSTATE_POLICY: "refuse",
    });
    expect(problems).toEqual([]);
    expect(env?.webhook).toEqual({
      maxBodyBytes: 4096,
      changePolicy: "upgrades",
      planOrder: ["basic", "fabrikam-cloud/pro-seats", "enterprise"],
      planRules: {
        enterprise: { plan: "refuse", quantity: "refuse" },
        "fabrikam-cloud/pro-seats": { plan: "upgrades", quantity: "accept" },
      },
      reinstatePolicy: "refuse",
    });
  });

  it("needs a plan order when plan changes are decided by upgrades, by default or in a rule", () => {
    expect(parseEnv({ WEBHOOK_CHANGE_POLICY: "upgrades" }).problems.join()).toMatch(/WEBHOOK_PLAN_ORDER is required/);
    expect(parseEnv({ WEBHOOK_PLAN_RULES: '{"basic":{"plan":"upgrades"}}' }).problems.join()).toMatch(
      /WEBHOOK_PLAN_ORDER is required/,
    );
    // Seat upgrades compare numbers: no order needed.
    expect(parseEnv({ WEBHOOK_PLAN_RULES: '{"basic":{"quantity":"upgrades"}}' }).problems).toEqual([]);
  });

  it.each([
    ["a policy it does not know", { WEBHOOK_CHANGE_POLICY: "maybe" }, /WEBHOOK_CHANGE_POLICY/],
    ["rules that are not JSON", { WEBHOOK_PLAN_RULES: "{enterprise: refuse}" }, /WEBHOOK_PLAN_RULES is not valid JSON/],
    ["a rule with an unknown value", { WEBHOOK_PLAN_RULES: '{"enterprise":"sometimes"}' }, /WEBHOOK_PLAN_RULES/],
    ["a rule with an unknown field", { WEBHOOK_PLAN_RULES: '{"enterprise":{"plans":"refuse"}}' }, /WEBHOOK_PLAN_RULES/],
    ["a body limit below 1 KiB", { WEBHOOK_MAX_BODY_BYTES: "100" }, /WEBHOOK_MAX_BODY_BYTES/],
    ["a reinstate policy it does not know", { WEBHOOK_REINSTATE_POLICY: "later" }, /WEBHOOK_REINSTATE_POLICY/],
  ])("refuses %s", (_case, source, message) => {
    const { env, problems } = parseEnv(source);
    expect(env).toBeUndefined();
    expect(problems.join("\n")).toMatch(message);
  });
});

describe("problems across sections", () => {
  it("names the problems of every section at once, not only the first section's", () => {
    const { problems } = parseEnv({ LANDING_FIELDS: "{", WEBHOOK_PLAN_RULES: "{", DB_POOL_MAX: "0" });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/LANDING_FIELDS is not valid JSON/);
    expect(problems.join("\n")).toMatch(/WEBHOOK_PLAN_RULES is not valid JSON/);
    expect(problems.join("\n")).toMatch(/^DB_POOL_MAX: /m);
  });

  it("names a malformed value once: not once per section that reads it, nor again by a refusal", () => {
    expect(parseEnv({ PORTAL_MODE: "staging" }).problems).toEqual([expect.stringMatching(/^PORTAL_MODE: /)]);
    expect(parseEnv({ ...production, PORTAL_URL: "portal.fabrikam.example" }).problems).toEqual([
      expect.stringMatching(/^PORTAL_URL: /),
    ]);
    expect(parseEnv({ ...production, ENTRA_AUTHORITY_HOST: "login.microsoftonline.com" }).problems).toEqual([
      expect.stringMatching(/^ENTRA_AUTHORITY_HOST: /),
    ]);
  });
});
