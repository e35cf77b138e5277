"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ProvisioningView } from "@/lib/landing/provisioning-view";
import { provisioningStatusAction } from "../setting-up/actions";
import { Panel } from "./panels";

const POLL_MS = 3_000;

/**
 * "We are setting up your account": the state comes from the server (first render and every few seconds),
 * so a reload or the landing link again shows the same thing; once active, the buyer goes to the done page.
 */
export function SettingUp({ subscriptionId, initial }: { subscriptionId: string; initial: ProvisioningView }) {
  const t = useTranslations("landing");
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const done = `/landing/done?subscription=${encodeURIComponent(subscriptionId)}`;

  useEffect(() => {
    if (view.state === "active") {
      router.replace(done);
      return;
    }
    if (view.state === "cancelled") return;
    const timer = setTimeout(async () => {
      try {
        const next = await provisioningStatusAction(subscriptionId);
        setCheckedAt(new Date().toLocaleTimeString(document.documentElement.lang || undefined));
        // null: signed out, or no longer theirs to see: a reload shows the page's own answer.
        if (next) setView(next);
        else router.refresh();
      } catch {
        // A lost request (network, deploy): keep showing the last state and ask again.
        setCheckedAt(null);
        setView((v) => ({ ...v }));
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [view, subscriptionId, router, done]);

  const live = (
    <p className="text-sm text-slate-700">
      {t("settingUpLive")}
      {checkedAt ? ` ${t("settingUpChecked", { time: checkedAt })}` : ""}
    </p>
  );
  switch (view.state) {
    case "failed":
      return (
        <Panel title={t("settingUpFailedTitle")} tone="warning">
          <div role="status" className="space-y-3">
            <p>{t("settingUpFailedText")}</p>
            {view.message ? (
              <p>
                <span className="font-medium">{t("settingUpFailedReason")}:</span> {view.message}
              </p>
            ) : null}
          </div>
          {live}
        </Panel>
      );
    case "cancelled":
      return (
        <Panel title={t("settingUpTitle")} tone="warning">
          <p role="status">{t("settingUpCancelled")}</p>
        </Panel>
      );
    default:
      return (
        <Panel title={t("settingUpTitle")}>
          <div role="status" className="space-y-3">
            <p>
              {view.state === "activating" || view.state === "active" ? t("settingUpActivating") : t("settingUpText")}
            </p>
          </div>
          {live}
        </Panel>
      );
  }
}
