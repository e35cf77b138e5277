import type { Metadata } from "next";
import Link from "next/link";
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
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Settings kept in the portal&apos;s database: a change holds on every instance from the next request, and is on
        the event feed with who made it.
      </p>
      <section
        aria-labelledby="gate-title"
        className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4"
      >
        <h2 id="gate-title" className="font-semibold">
          {text.label}: {gate.value ? "on" : "off"}
        </h2>
        <p id="gate-description" className="text-sm text-slate-700">
          {text.description} Your application needs an{" "}
          <Link href="/admin/api-keys" className="underline">
            API key
          </Link>{" "}
          with the scope <code>subscriptions:provision</code>; purchases waiting for it are listed under{" "}
          <Link href="/admin/subscriptions?provisioning=awaiting" className="underline">
            Subscriptions → awaiting provisioning
          </Link>
          .
        </p>
        <p className="text-xs text-slate-600">
          {gate.updatedAt
            ? `Last changed ${formatDate(gate.updatedAt)}${gate.updatedByLabel ? ` by ${gate.updatedByLabel}` : ""}.`
            : "Never changed (off by default)."}
        </p>
        <GateForm on={gate.value} />
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
