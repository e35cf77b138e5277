// Validates Marketplace API responses against Microsoft's OpenAPI files with ajv. Stricter than the files:
// unknown properties are refused (a misspelt field fails) and the fields the reference documents are
// required. Where Microsoft's documented behaviour differs from the files, the difference is listed in
// DOCUMENTED_DEVIATIONS and asserted explicitly by contract.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const root = path.resolve(import.meta.dirname, "../..");
type Json = Record<string, unknown>;
type Spec = {
  paths: Record<
    string,
    Record<
      string,
      { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }
    >
  >;
  components: { schemas: Record<string, Json> };
};

function loadSpec(file: string): Spec {
  return JSON.parse(readFileSync(path.join(root, "openapi", file), "utf8")) as Spec;
}

export const DOCUMENTED_DEVIATIONS = [
  "List subscriptions answers 200 with an EMPTY body when the publisher has no subscriptions (reference §3.3), where the file declares SubscriptionsResponse.",
  'Failed batch usage items carry messageTime "0001-01-01T00:00:00" (.NET DateTime.MinValue, no time zone), which is not an RFC 3339 date-time.',
  'SaaSOperation.action may be "Subscribe" (auto-activation plans, 2025–2026); the June 2025 file\'s enum lacks it.',
  "Subscription.lastModified (deprecated, DateTime.MinValue) and SaaSOperation.errorStatusCode/errorMessage are documented fields the file omits.",
  'List outstanding operations answers 200 {"operations":[]} for an unknown subscription (observed real API), where the docs say 404.',
  'A missing or unsupported api-version answers 400 with ASP.NET API-versioning\'s {"Error":{"Code","Message"}} body (reference §1.4) on every API, metering included, whose 400 schema in the file is UsageEventBadRequestResponse.',
] as const;

/** ASP.NET API-versioning rejects the call before any controller runs, so its body replaces the API's own 400 shape. */
export function isApiVersionError(status: number, bodyText: string): boolean {
  return status === 400 && /^\{"Error":\{"Code":"(ApiVersionUnspecified|UnsupportedApiVersion)"/.test(bodyText);
}

/** Fields the reference documents for every object of that schema. */
const REQUIRED: Record<string, string[]> = {
  Subscription: [
    "id",
    "publisherId",
    "offerId",
    "name",
    "saasSubscriptionStatus",
    "beneficiary",
    "purchaser",
    "planId",
    "term",
    "autoRenew",
    "isTest",
    "isFreeTrial",
    "allowedCustomerOperations",
    "sandboxType",
    "sessionMode",
    "created",
  ],
  AadIdentifier: ["emailId", "objectId", "tenantId", "puid"],
  ResolvedSubscription: ["id", "subscriptionName", "offerId", "planId", "subscription"],
  Plan: [
    "planId",
    "displayName",
    "isPrivate",
    "description",
    "hasFreeTrials",
    "isPricePerSeat",
    "isStopSell",
    "market",
    "planComponents",
  ],
  SaaSOperation: [
    "id",
    "activityId",
    "subscriptionId",
    "offerId",
    "publisherId",
    "planId",
    "action",
    "timeStamp",
    "status",
  ],
  UsageEventOkResponse: [
    "usageEventId",
    "status",
    "messageTime",
    "resourceId",
    "quantity",
    "dimension",
    "effectiveStartTime",
    "planId",
  ],
  UsageBatchEventOkMessage: ["status", "messageTime"],
  GetUsageEvent: [
    "usageDate",
    "usageResourceId",
    "dimension",
    "planId",
    "offerId",
    "reconStatus",
    "submittedQuantity",
    "processedQuantity",
    "submittedCount",
  ],
};

/** Turns every object schema strict: documented fields required, nothing unknown allowed. */
function strictify(node: unknown, name?: string): unknown {
  if (Array.isArray(node)) return node.map((item) => strictify(item));
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strictify(v)]))
        : strictify(value);
  }
  if (out.type === "object" && out.properties) {
    out.additionalProperties = false;
    if (name && REQUIRED[name]) out.required = REQUIRED[name];
  }
  return out;
}

function patchDeviations(spec: Spec): void {
  const s = spec.components.schemas;
  const props = (schema: string): Json => (s[schema] as { properties: Json }).properties;
  if (s.Subscription) props("Subscription").lastModified = { type: "string" };
  if (s.SaaSOperation) {
    const action = props("SaaSOperation").action as { enum: string[] };
    action.enum = [...action.enum, "Subscribe"];
    props("SaaSOperation").errorStatusCode = { type: "string" };
    props("SaaSOperation").errorMessage = { type: "string" };
  }
  if (s.UsageBatchEventOkMessage) {
    props("UsageBatchEventOkMessage").messageTime = {
      anyOf: [{ type: "string", format: "date-time" }, { const: "0001-01-01T00:00:00" }],
    };
  }
}

type Operation = {
  method: string;
  pattern: RegExp;
  operationId: string;
  api: "saas" | "metering";
  schemas: Record<string, Json>;
};

export type ContractResult = { operationId: string; status: number; validated: boolean; errors: string[] };

export type Contract = {
  /** Validates one response. `apiPath` is the path after /api (e.g. /saas/subscriptions/…). */
  check(method: string, apiPath: string, status: number, bodyText: string): ContractResult;
  /** operationId → statuses whose body was validated against a schema. */
  coverage: Map<string, Set<number>>;
  operations: Operation[];
  /** Validates a value against one component schema (strict). */
  validateSchema(api: "saas" | "metering", schema: string, value: unknown): string[];
};

export function createContract(): Contract {
  // ajv-formats is CommonJS; its default export arrives wrapped depending on the loader.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const operations: Operation[] = [];
  for (const [api, file] of [
    ["saas", "saasapi.v2.json"],
    ["metering", "meteringapi.v1.json"],
  ] as const) {
    const spec = loadSpec(file);
    patchDeviations(spec);
    const schemas = Object.fromEntries(
      Object.entries(spec.components.schemas).map(([n, schema]) => [n, strictify(schema, n)]),
    );
    ajv.addSchema({ $id: `${api}.json`, components: { schemas } });
    for (const [template, methods] of Object.entries(spec.paths)) {
      const pattern = new RegExp(`^${template.replace(/\/$/, "").replace(/\{[^}]+\}/g, "[^/]+")}/?$`);
      for (const [method, op] of Object.entries(methods)) {
        if (!op.operationId) continue;
        const bodySchemas: Record<string, Json> = {};
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.["application/json"]?.schema;
          if (schema) bodySchemas[status] = { $ref: `${api}.json${String(schema.$ref)}` };
        }
        operations.push({
          method: method.toUpperCase(),
          pattern,
          operationId: op.operationId,
          api,
          schemas: bodySchemas,
        });
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const compile = (ref: string): ValidateFunction => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: ref });
      compiled.set(ref, fn);
    }
    return fn;
  };
  const errorsOf = (fn: ValidateFunction): string[] =>
    (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
  const coverage = new Map<string, Set<number>>();
  return {
    operations,
    coverage,
    check(method, apiPath, status, bodyText) {
      const op = operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(apiPath));
      if (!op)
        return {
          operationId: "unknown",
          status,
          validated: false,
          errors: [`No OpenAPI operation for ${method} ${apiPath}`],
        };
      const schema = op.schemas[String(status)];
      if (!schema) return { operationId: op.operationId, status, validated: false, errors: [] };
      if (isApiVersionError(status, bodyText))
        return { operationId: op.operationId, status, validated: false, errors: [] };
      if (op.operationId === "FulfillmentOperations_ListSubscriptions" && status === 200 && bodyText === "") {
        return { operationId: op.operationId, status, validated: false, errors: [] };
      }
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        return {
          operationId: op.operationId,
          status,
          validated: false,
          errors: [`Body is not JSON: ${bodyText.slice(0, 80)}`],
        };
      }
      const fn = compile(String(schema.$ref));
      const valid = fn(body);
      const statuses = coverage.get(op.operationId) ?? new Set<number>();
      statuses.add(status);
      coverage.set(op.operationId, statuses);
      return { operationId: op.operationId, status, validated: true, errors: valid ? [] : errorsOf(fn) };
    },
    validateSchema(api, schema, value) {
      const fn = compile(`${api}.json#/components/schemas/${schema}`);
      return fn(value) ? [] : errorsOf(fn);
    },
  };
}
