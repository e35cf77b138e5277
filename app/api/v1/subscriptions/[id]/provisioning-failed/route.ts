// POST /api/v1/subscriptions/{id}/provisioning-failed – the ISV could not provision: the purchase stays pending. API key with subscriptions:provision.
import { apiKeyAccess } from "@/lib/auth/api-key-strategy";
import { apiRoute } from "@/lib/http/api-route";
import { provisioningFailedBody, provisioningSchema, subscriptionIdParams } from "@/lib/integration-api/schemas";
import { answerProvisioningFailed, apiKeyActor } from "@/lib/landing/provisioning";
import { provisioningAnswerResponse } from "../provisioning-answer";

export const dynamic = "force-dynamic";

export const POST = apiRoute({
  auth: apiKeyAccess("subscriptions:provision"),
  params: subscriptionIdParams,
  body: provisioningFailedBody,
  operationId: "reportProvisioningFailed",
  summary: "Report that provisioning failed",
  description:
    "The purchase stays pending (not activated, not billed); the buyer's page says the publisher could not finish setting up their account and has been told (with `buyerMessage` if you give one; `reason` is for the portal's staff only), and staff see it as awaiting provisioning. Answer provisioned once you fixed it. Microsoft cancels a purchase not activated within 30 days of purchase. The same answer again answers 200 and records nothing more.",
  tags: ["provisioning"],
  responses: {
    200: { description: "Recorded (now or before).", schema: provisioningSchema },
    404: { description: "The portal knows no subscription with this id." },
    409: { description: "Nobody asked to provision this subscription, or it was already reported provisioned." },
  },
  handler: async ({ params: { id }, body, caller }) =>
    provisioningAnswerResponse(await answerProvisioningFailed(id.toLowerCase(), apiKeyActor(caller), body)),
});
