// POST /api/v1/subscriptions/{id}/provisioned – the ISV's account is ready: the portal activates at Microsoft (once). API key with subscriptions:provision.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { provisionedBody, provisioningSchema, subscriptionIdParams } from "@/lib/integration-api/schemas";
import { answerProvisioned, apiKeyActor } from "@/lib/landing/provisioning";
import { provisioningAnswerResponse } from "../provisioning-answer";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  auth: apiKeyAccess("subscriptions:provision"),
  params: subscriptionIdParams,
  body: provisionedBody,
  bodyOptional: true,
  operationId: "reportProvisioned",
  summary: "Report a purchase provisioned",
  description:
    'With the provisioning gate on (Admin → Settings), the buyer\'s confirmation emits subscription.provisioning_requested and waits for this answer: the portal then activates the purchase at Microsoft (billing starts) in the background, retrying while Microsoft fails, and the buyer\'s page turns to done. Idempotent: the same answer again answers 200 with the same state and never activates twice. Allowed after a failure answer (you fixed it). The body is optional: none, `{}`, or `{"message": "…"}` (a note for the portal\'s staff).',
  tags: ["provisioning"],
  responses: {
    200: {
      description: "Recorded (now or before); `activatedAt` is set once Microsoft activated.",
      schema: provisioningSchema,
    },
    404: { description: "The portal knows no subscription with this id." },
    409: { description: "Nobody asked to provision this subscription, or it was cancelled." },
  },
  handler: async ({ params: { id }, body, caller }) =>
    provisioningAnswerResponse(await answerProvisioned(id.toLowerCase(), apiKeyActor(caller), body.message)),
});
