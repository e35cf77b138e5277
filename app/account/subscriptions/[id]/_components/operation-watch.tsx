"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { Started } from "@/lib/self-service/requests";
import { OperationStatus } from "./operation-status";

type Watched = { operationId: string; action: string; done: boolean };
type Watch = { busy: boolean; started: (started: Started) => void };

const WatchContext = createContext<Watch>({ busy: false, started: () => {} });
export const useOperationWatch = () => useContext(WatchContext);

/**
 * Follows the buyer's change above the actions, so that its outcome stays on screen (and is announced) when
 * the refreshed page no longer offers the actions: after a cancellation, for instance.
 */
export function OperationWatch({
  subscriptionId,
  pending,
  children,
}: {
  subscriptionId: string;
  pending: { operationId: string; action: string } | null;
  children: ReactNode;
}) {
  const t = useTranslations("account.progress");
  const router = useRouter();
  const [watching, setWatching] = useState<Watched | null>(pending ? { ...pending, done: false } : null);
  const [applied, setApplied] = useState(false);
  const started = useCallback(
    (s: Started) => {
      setApplied(!s.operationId);
      if (s.operationId) setWatching({ operationId: s.operationId, action: s.action, done: false });
      else router.refresh();
    },
    [router],
  );
  const finished = useCallback(() => setWatching((w) => (w ? { ...w, done: true } : w)), []);
  const busy = !!watching && !watching.done;
  return (
    <WatchContext.Provider value={{ busy, started }}>
      <div className="max-w-3xl space-y-4">
        {watching ? (
          <OperationStatus
            key={watching.operationId}
            subscriptionId={subscriptionId}
            operationId={watching.operationId}
            action={watching.action}
            onDone={finished}
          />
        ) : null}
        {applied ? <p role="status">{t("appliedAlready")}</p> : null}
        {children}
      </div>
    </WatchContext.Provider>
  );
}
