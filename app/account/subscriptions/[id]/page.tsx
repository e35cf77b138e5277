import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getBuyer } from "@/lib/auth/buyer-session";
import { getTranslations } from "next-intl/server";
import { isGuid } from "@/lib/domain/ids";
import { inRequestContext } from "@/lib/http/request-context";
import { getBuyerPage, type BuyerActions } from "@/lib/self-service/view";
import { AccountMessages } from "../../_components/account-messages";
import { SubscriptionDetails } from "../../_components/subscription-details";
import { BuyerActionsPanel } from "./_components/buyer-actions-panel";
import { OperationWatch } from "./_components/operation-watch";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("listTitle") };
}

type Props = { params: Promise<{ id: string }> };

function Note({ children }: { children: React.ReactNode }) {
  return <p className="max-w-3xl rounded border border-slate-200 bg-white p-3 text-sm text-slate-700">{children}</p>;
}

async function Actions({ id, name, actions }: { id: string; name: string; actions: BuyerActions }) {
  const t = await getTranslations("account");
  switch (actions.kind) {
    case "off":
      return <Note>{t("actionsOff")}</Note>;
    case "read-only":
      return <Note>{t(`readOnly.${actions.reason}`)}</Note>;
    case "partner":
      return <Note>{t("partnerManaged")}</Note>;
    case "unavailable":
      return <Note>{t("unavailable")}</Note>;
    case "not-active":
      return <Note>{t("notActive")}</Note>;
    case "open":
      return <BuyerActionsPanel subscriptionId={id} name={name} actions={actions} />;
  }
}

// One subscription of the signed-in buyer; anyone else gets "not found", whether it exists or not.
export default async function BuyerSubscriptionPage({ params }: Props) {
  const { id } = await params;
  const buyer = await getBuyer();
  if (!buyer) redirect(`/signin?callbackUrl=${encodeURIComponent(`/account/subscriptions/${id}`)}`);
  if (!isGuid(id)) notFound();
  const page = await inRequestContext(() => getBuyerPage(buyer, id));
  if (!page) notFound();
  const t = await getTranslations("account");
  const s = page.subscription;
  return (
    <div className="space-y-6 wrap-anywhere">
      <nav aria-label={t("breadcrumb")} className="text-sm">
        <Link href="/account" className="underline underline-offset-2">
          {t("backToList")}
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">{s.name || s.id}</h1>
      <section aria-labelledby="details" className="max-w-3xl rounded-lg border border-slate-200 bg-white px-4 py-2">
        <h2 id="details" className="py-2 font-semibold">
          {t("detailsTitle")}
        </h2>
        <SubscriptionDetails s={s} />
      </section>
      <section aria-labelledby="change" className="space-y-3">
        <h2 id="change" className="text-lg font-semibold">
          {t("actionsTitle")}
        </h2>
        <AccountMessages>
          <OperationWatch subscriptionId={s.id} pending={page.actions.kind === "open" ? page.actions.pending : null}>
            <Actions id={s.id} name={s.name || s.id} actions={page.actions} />
          </OperationWatch>
        </AccountMessages>
      </section>
    </div>
  );
}
