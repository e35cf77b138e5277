"use client";

import { useTranslations } from "next-intl";
import type { BuyerActions } from "@/lib/self-service/view";
import { CancelChange } from "./cancel-change";
import { useOperationWatch } from "./operation-watch";
import { PlanChange } from "./plan-change";
import { SeatsChange } from "./seats-change";

export type OpenActions = Extract<BuyerActions, { kind: "open" }>;

/** The changes Microsoft and the publisher allow this buyer now; one at a time, each followed to its end. */
export function BuyerActionsPanel({
  subscriptionId,
  name,
  actions,
}: {
  subscriptionId: string;
  name: string;
  actions: OpenActions;
}) {
  const t = useTranslations("account");
  const { busy, started } = useOperationWatch();
  const canChange = actions.canChange && !busy;
  return (
    <div className="space-y-4">
      {actions.blockedBy && !busy ? (
        <p className="text-sm text-slate-700">{actions.blockedBy === "pending" ? t("inProgress") : t("notActive")}</p>
      ) : null}
      {actions.seats ? (
        <SeatsChange subscriptionId={subscriptionId} seats={actions.seats} disabled={!canChange} onStarted={started} />
      ) : null}
      <PlanChange
        subscriptionId={subscriptionId}
        currentPlan={actions.currentPlan}
        plans={actions.plans}
        disabled={!canChange}
        onStarted={started}
      />
      {actions.cancel ? (
        <CancelChange
          subscriptionId={subscriptionId}
          name={name}
          cancel={actions.cancel}
          disabled={busy}
          onStarted={started}
        />
      ) : null}
    </div>
  );
}
