// POST /api/v1/usage – metered usage from the ISV's application: one record or up to 1 000, answered per record. API key with usage:write.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { json, problem } from "@/lib/http/respond";
import { MAX_USAGE_RECORDS, usageAnswerSchema, usageBodySchema } from "@/lib/integration-api/usage-schemas";
import { ingestUsage } from "@/lib/metering/ingest";

export const dynamic = "force-dynamic";

/** Printable ASCII, as the IETF's Idempotency-Key draft expects (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const POST = apiRoute({
  auth: apiKeyAccess("usage:write"),
  body: usageBodySchema,
  // 1 000 records of about 200 bytes each, with room to spare.
  maxBodyBytes: 512 * 1024,
  operationId: "postUsage",
  summary: "Report metered usage",
  description: `One record, or \`{"records": [...]}\` with 1 to ${MAX_USAGE_RECORDS}. Each record is judged on its own: the subscription must be known and Subscribed (or the usage dated before its cancellation), the dimension one of its plan's, the quantity above 0, and occurredAt neither in the future nor older than METERING_MAX_AGE_HOURS. The accepted records are stored; the answer lists every record's status in the request's order (200 when none was refused, 207 otherwise). Give each record an \`id\` and each request an \`Idempotency-Key\` header: a request sent again with the same key and body gets the first answer and changes nothing (the same key with another body: 422); a record sent again with its id is a \`duplicate\`, counted once. The portal adds usage up per subscription, dimension and UTC hour and sends Microsoft what is above the plan's included quantity, hourly.`,
  tags: ["usage"],
  responses: {
    200: { description: "Every record was accepted (or was a duplicate).", schema: usageAnswerSchema },
    207: {
      description: "Some records were refused, each with its reason; the others were stored.",
      schema: usageAnswerSchema,
    },
    422: { description: "This Idempotency-Key was used before with another body." },
  },
  handler: async ({ request, caller, body }) => {
    const idempotencyKey = request.headers.get("idempotency-key") ?? undefined;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      return problem({
        type: "validation-failed",
        detail: "The Idempotency-Key header must be 1 to 200 printable ASCII characters (a UUID is a good choice).",
      });
    const outcome = await ingestUsage({
      apiKeyId: caller.keyId,
      apiKeyPrefix: caller.prefix,
      records: "records" in body ? body.records : [body],
      idempotencyKey,
    });
    if (outcome.kind === "key-reused")
      return problem({
        type: "idempotency-key-reused",
        detail:
          "This Idempotency-Key was used before with a different body. Send the same body to retry, or use a new key for new usage.",
      });
    return json(outcome.answer, { status: outcome.status });
  },
});
