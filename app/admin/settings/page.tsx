import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { getSetting } from "@/lib/data/settings";
import { PORTAL_SETTINGS } from "@/lib/domain/settings";
import { formatDate } from "@/lib/i18n/format";
import { NoAccess } from "../_components/no-access";
import { GateForm } from "./gate-form";
import { SelfServiceForm } from "./self-service-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  if (!(await staffPageUser("owner", "/admin/settings"))) return <NoAccess role="owner" />;
  const [gate, selfService, actors] = await Promise.all([
    getSetting("provisioningGate"),
    getSetting("buyerSelfService"),
    getSetting("buyerSelfServiceActors"),
  ]);
  const selfServiceText = PORTAL_SETTINGS.buyerSelfService;
  const text = PORTAL_SETTINGS.provisioningGate;
  const t = await getTranslations("staff.settings");
  const { staff } = await getMessages();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-700">{t("intro")}</p>
      <section
        aria-labelledby="gate-title"
        className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4"
      >
        <h2 id="gate-title" className="font-semibold">
          {t("gateState", { label: text.label, on: String(gate.value) })}
        </h2>
        <p id="gate-description" className="text-sm text-slate-700">
          {text.description}{" "}
          {t.rich("gateHow", {
            keys: (chunks) => (
              <Link href="/admin/api-keys" className="underline">
                {chunks}
              </Link>
            ),
            code: (chunks) => <code>{chunks}</code>,
            awaiting: (chunks) => (
              <Link href="/admin/subscriptions?provisioning=awaiting" className="underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
        <p className="text-xs text-slate-600">
          {gate.updatedAt
            ? gate.updatedByLabel
              ? t("lastChangedBy", { date: formatDate(gate.updatedAt), who: gate.updatedByLabel })
              : t("lastChanged", { date: formatDate(gate.updatedAt) })
            : t("neverChanged")}
        </p>
        <NextIntlClientProvider messages={{ staff: { settings: staff.settings } }}>
          <GateForm on={gate.value} />
        </NextIntlClientProvider>
      </section>
      <section
        aria-labelledby="self-service-title"
        className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4"
      >
        <h2 id="self-service-title" className="font-semibold">
          {selfServiceText.label}: {selfService.value ? "on" : "off"}
        </h2>
        <p id="self-service-description" className="text-sm text-slate-700">
          {selfServiceText.description} {PORTAL_SETTINGS.buyerSelfServiceActors.description}
        </p>
        <p className="text-xs text-slate-600">
          {selfService.updatedAt
            ? `Last changed ${formatDate(selfService.updatedAt)}${selfService.updatedByLabel ? ` by ${selfService.updatedByLabel}` : ""}.`
            : "Never changed (off by default)."}
        </p>
        <SelfServiceForm on={selfService.value} actors={actors.value} />
      </section>
    </div>
  );
}
