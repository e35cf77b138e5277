/**
 * The provisioning gate, from the app's side. With the gate on, the portal sends
 * `subscription.provisioning_requested` when the buyer confirms, and activates the purchase at Microsoft
 * (billing starts) only once the app answers `POST /api/v1/subscriptions/{id}/provisioned`.
 *
 * The event can arrive more than once (a retry after a timeout, an owner's replay), and the portal can fail
 * to take the answer, so provisioning is idempotent: one tenant record per subscription id, created the first
 * time and found again every later time. The answer to the portal is sent every time (the portal ignores a
 * repeat), and only when the portal took it does the event count as handled: otherwise the receiver answers
 * the event with 500 and the portal delivers it again later.
 */
import fs from "node:fs";

/**
 * What the receiver reads of a `subscription.provisioning_requested` event (OpenAPI document, under
 * `webhooks`): the plan and seats from `data.after`, whom to provision from `data.provisioning`.
 */
export type ProvisioningRequest = {
  offerId?: string | null;
  planId?: string | null;
  seats?: number | null;
  /** The beneficiary's Entra tenant: the customer whose account is set up. */
  beneficiaryTenantId?: string | null;
  /** What the buyer entered on the landing page. */
  buyerDetails?: Record<string, string>;
};

export type Tenant = {
  subscriptionId: string;
  tenantId: string | null;
  planId: string | null;
  seats: number | null;
  status: "provisioned" | "failed";
  createdAt: string;
  /** When the portal last accepted our answer (null: not yet, it will deliver the event again). */
  answeredAt: string | null;
};

/**
 * Test controls: "ok" provisions; "fail" is a crash before anything happens (500, the portal is not
 * called); "report-failure" tells the portal provisioning failed, with a reason.
 */
export type ProvisioningMode = "ok" | "fail" | "report-failure";

export type Provisioner = {
  tenants: Map<string, Tenant>;
  mode: ProvisioningMode;
  /** The portal API key with the scope subscriptions:provision (unset: no answer can be sent). */
  apiKey: string | undefined;
  /** Handles one provisioning request; true when the event is handled (the portal took the answer, or refused it for good). */
  provision(subscriptionId: string, request: ProvisioningRequest): Promise<boolean>;
};

const PORTAL_TIMEOUT_MS = 5_000;

export function createProvisioner(options: {
  portalUrl: string;
  apiKey?: string;
  file?: string;
  fetch?: typeof fetch;
}): Provisioner {
  const send = options.fetch ?? fetch;
  const saved: Tenant[] =
    options.file && fs.existsSync(options.file) ? (JSON.parse(fs.readFileSync(options.file, "utf8")) as Tenant[]) : [];
  const tenants = new Map(saved.map((t) => [t.subscriptionId, t]));
  const save = () => {
    if (options.file) fs.writeFileSync(options.file, JSON.stringify([...tenants.values()], null, 2));
  };

  /** Finds the subscription's tenant, or creates it: the one place where provisioning happens. */
  function tenantFor(subscriptionId: string, request: ProvisioningRequest, status: Tenant["status"]): Tenant {
    const existing = tenants.get(subscriptionId);
    if (existing) {
      // Fixed since a reported failure: provisioned now (a provisioned tenant never turns back to failed).
      if (status === "provisioned") existing.status = status;
      return existing;
    }
    const tenant: Tenant = {
      subscriptionId,
      tenantId: request.beneficiaryTenantId ?? null,
      planId: request.planId ?? null,
      seats: request.seats ?? null,
      status,
      createdAt: new Date().toISOString(),
      answeredAt: null,
    };
    // A real app creates the workspace, database schema, admin account… here, before any await, so that two
    // deliveries of one event at the same time still create one tenant.
    tenants.set(subscriptionId, tenant);
    console.log(`tenant ${status} for subscription ${subscriptionId}`);
    return tenant;
  }

  /**
   * "taken": the portal has the answer. "refused": it never will (4xx other than 408/429: the purchase was
   * cancelled, nobody asked, the key lacks the scope), so asking again for 3 days helps nobody — the event is
   * acknowledged and the refusal logged for a human. "retry": anything else; the event is answered 500.
   */
  async function answerPortal(
    subscriptionId: string,
    path: string,
    body: unknown,
  ): Promise<"taken" | "refused" | "retry"> {
    if (!provisioner.apiKey) {
      console.log("cannot answer the portal: no API key (RECEIVER_API_KEY)");
      return "retry";
    }
    const url = `${options.portalUrl}/api/v1/subscriptions/${encodeURIComponent(subscriptionId)}/${path}`;
    try {
      const response = await send(url, {
        method: "POST",
        headers: { authorization: `Bearer ${provisioner.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(PORTAL_TIMEOUT_MS),
      });
      if (response.ok) return "taken";
      // The problem's detail says what happened; it holds no secret.
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      console.log(
        `portal answered ${response.status} to ${path}${permanent ? " (permanent: not asked again)" : ""}: ${problem.detail ?? ""}`,
      );
      if (permanent) return "refused";
    } catch (e) {
      console.log(`portal not reached for ${path}: ${(e as Error).name}`);
    }
    return "retry";
  }

  const provisioner: Provisioner = {
    tenants,
    mode: "ok",
    apiKey: options.apiKey,
    async provision(subscriptionId, request) {
      if (provisioner.mode === "fail") return false;
      const failing = provisioner.mode === "report-failure";
      const tenant = tenantFor(subscriptionId, request, failing ? "failed" : "provisioned");
      save();
      const answered = failing
        ? await answerPortal(subscriptionId, "provisioning-failed", {
            reason: "reference receiver: provisioning failed (test control)",
            buyerMessage: "We could not set up your account yet; we will contact you.",
          })
        : await answerPortal(subscriptionId, "provisioned", { message: "tenant ready" });
      if (answered === "taken") {
        tenant.answeredAt = new Date().toISOString();
        save();
      }
      return answered !== "retry";
    },
  };
  return provisioner;
}
