"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { getAccountMessages } from "@/lib/i18n/account-en";
import type { Started } from "@/lib/self-service/requests";
import type { BuyerActions } from "@/lib/self-service/view";
import { CancelChange } from "./cancel-change";
import { OperationStatus } from "./operation-status";
import { PlanChange } from "./plan-change";
import { SeatsChange } from "./seats-change";

export type OpenActions = Extract<BuyerActions, { kind: "open" }>;
type Watched = { operationId: string; action: string; done: boolean };

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
  const t = getAccountMessages();
  const router = useRouter();
  const [watching, setWatching] = useState<Watched | null>(
    actions.pending ? { ...actions.pending, done: false } : null,
  );
  const [applied, setApplied] = useState(false);
  const onStarted = (started: Started) => {
    if (started.operationId) setWatching({ operationId: started.operationId, action: started.action, done: false });
    else {
      setApplied(true);
      router.refresh();
    }
  };
  const finished = useCallback(() => setWatching((w) => (w ? { ...w, done: true } : w)), []);
  const busy = !!watching && !watching.done;
  const canChange = actions.canChange && !busy;
  return (
    <div className="space-y-4">
      {watching ? (
        <OperationStatus
          key={watching.operationId}
          subscriptionId={subscriptionId}
          operationId={watching.operationId}
          action={watching.action}
          onDone={finished}
        />
      ) : null}
      {applied ? <p role="status">{t.progress.appliedAlready}</p> : null}
      {actions.blockedBy && !watching ? (
        <p className="text-sm text-slate-700">{actions.blockedBy === "pending" ? t.inProgress : t.notActive}</p>
      ) : null}
      {actions.seats ? (
        <SeatsChange
          subscriptionId={subscriptionId}
          seats={actions.seats}
          disabled={!canChange}
          onStarted={onStarted}
        />
      ) : null}
      <PlanChange
        subscriptionId={subscriptionId}
        currentPlan={actions.currentPlan}
        plans={actions.plans}
        disabled={!canChange}
        onStarted={onStarted}
      />
      {actions.cancel ? (
        <CancelChange
          subscriptionId={subscriptionId}
          name={name}
          cancel={actions.cancel}
          disabled={busy}
          onStarted={onStarted}
        />
      ) : null}
    </div>
  );
}
