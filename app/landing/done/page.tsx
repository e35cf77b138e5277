import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getPlan } from "@/lib/data/plans";
import { getSubscription } from "@/lib/data/subscriptions";
import { getLocale, getTranslations } from "next-intl/server";
import { formatDate, termLabel } from "@/lib/i18n/format";
import { hasApp, openAppPath } from "@/lib/landing/app-url";
import { canSeeSubscription } from "@/lib/landing/landing";
import { Panel } from "../_components/panels";
import { isGuid } from "@/lib/domain/ids";
import { singleParamOrRedirect } from "../query";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("done") };
}

type Props = { searchParams: Promise<{ subscription?: string | string[] }> };

// After activation: shown only to the person who confirmed it, or people of the buying or using side.
export default async function ActivationDonePage({ searchParams }: Props) {
  const id = await singleParamOrRedirect("subscription", (await searchParams).subscription, "/landing/done");
  const user = await getCurrentUser();
  if (!user)
    redirect(`/signin?callbackUrl=${encodeURIComponent(`/landing/done?subscription=${encodeURIComponent(id ?? "")}`)}`);
  // Not a GUID (a NUL, a made-up value) cannot be a subscription: not found, before any query.
  if (!id || !isGuid(id) || !(await canSeeSubscription(user, id))) notFound();
  const subscription = await getSubscription(id);
  if (!subscription?.activatedAt) notFound();
  // The plan's name as the confirm page showed it (stored when the purchase was resolved); its id only if never read.
  const plan = await getPlan(subscription.offerId, subscription.planId);
  const t = await getTranslations("landing");
  const terms = await getTranslations("terms");
  const locale = await getLocale();
  // The token is minted when the buyer clicks (open-app/route.ts), for them, with its whole lifetime ahead.
  const appUrl = hasApp() ? openAppPath(id) : undefined;
  return (
    <Panel title={t("doneTitle")} tone="success">
      <p>{t("activeHere")}</p>
      <dl className="grid max-w-md grid-cols-2 gap-2 text-sm">
        <dt className="font-medium">{t("subscriptionName")}</dt>
        <dd>{subscription.name}</dd>
        <dt className="font-medium">{t("plan")}</dt>
        <dd>{plan?.displayName || subscription.planId}</dd>
        {subscription.quantity !== null ? (
          <>
            <dt className="font-medium">{t("seats")}</dt>
            <dd>{t("seatCount", { count: subscription.quantity })}</dd>
          </>
        ) : null}
        <dt className="font-medium">{t("term")}</dt>
        <dd>
          {termLabel(subscription.termUnit, terms)}
          {subscription.termStartDate
            ? `, ${formatDate(subscription.termStartDate, locale)} – ${formatDate(subscription.termEndDate, locale)}`
            : ""}
        </dd>
      </dl>
      {appUrl ? (
        <a
          href={appUrl}
          className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          {t("openApp")}
        </a>
      ) : (
        <p>{t("noApp")}</p>
      )}
      <p className="text-sm text-slate-700">{t("manageHint")}</p>
      <Link href={`/account/subscriptions/${id}`} className="text-sm font-medium underline underline-offset-2">
        {(await getTranslations("account"))("doneLink")}
      </Link>
    </Panel>
  );
}
