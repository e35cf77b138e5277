import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { staffPageUser } from "@/lib/auth/session";
import { createDoctorContext, exitCodeFor, partnerCenterValues, runDoctor } from "@/lib/doctor";
import { getEnv, inspectEnv } from "@/lib/env";
import { getLog } from "@/lib/log";
import { NoAccess } from "../_components/no-access";
import { CheckList } from "./check-list";
import { CopyButton } from "./copy-button";
import { RunAgainButton } from "./run-again-button";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff.setup"))("title") };
}

// Owners only: the checks call Entra, Microsoft and the portal's own public URL on every load.
export default async function SetupPage() {
  if (!(await staffPageUser("owner", "/admin/setup"))) return <NoAccess role="owner" />;
  const t = await getTranslations("staff.setup");
  const env = getEnv();
  const reports = await runDoctor(createDoctorContext({ config: inspectEnv(), logger: getLog() }));
  const failed = exitCodeFor(reports) === 1;
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { setup: staff.setup } }}>
      <div className="space-y-6">
        <div className="space-y-2">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="max-w-3xl text-sm text-slate-700">
            {t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}
          </p>
        </div>
        <section aria-labelledby="checks-title" className="max-w-4xl space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="checks-title" className="text-lg font-semibold">
              {t(failed ? "checksFailed" : "checksPassed")}
            </h2>
            <RunAgainButton />
          </div>
          <CheckList reports={reports} />
        </section>
        <section aria-labelledby="partner-center-title" className="max-w-4xl space-y-3">
          <h2 id="partner-center-title" className="text-lg font-semibold">
            {t("partnerCenterTitle")}
          </h2>
          <p className="text-sm text-slate-700">{t("partnerCenterText")}</p>
          <dl className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
            {partnerCenterValues(env).map((v) => (
              <div key={v.label} className="grid gap-1 p-3 sm:grid-cols-[16rem_1fr_auto] sm:items-center">
                <dt className="text-sm font-medium">{v.label}</dt>
                <dd className="font-mono text-sm break-all">{v.value}</dd>
                <dd>
                  <CopyButton value={v.value} label={v.copyLabel} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </NextIntlClientProvider>
  );
}
