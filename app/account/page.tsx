import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getBuyer } from "@/lib/auth/buyer-session";
import { getTranslations } from "next-intl/server";
import { listForBuyer } from "@/lib/self-service/view";
import { SubscriptionDetails } from "./_components/subscription-details";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("listTitle") };
}

// "Your subscription": every subscription the signed-in person is a party of (lib/data/buyer-subscriptions.ts).
export default async function AccountPage() {
  const buyer = await getBuyer();
  if (!buyer) redirect(`/signin?callbackUrl=${encodeURIComponent("/account")}`);
  const t = await getTranslations("account");
  const subscriptions = await listForBuyer(buyer);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t("listTitle")}</h1>
      {subscriptions.length === 0 ? (
        <p className="max-w-3xl text-slate-700">
          {t("listEmpty", { account: buyer.email ?? buyer.preferredUsername ?? buyer.name ?? "" })}
        </p>
      ) : (
        <>
          <p className="max-w-3xl text-slate-700">{t("listIntro")}</p>
          <ul className="grid gap-4 lg:grid-cols-2" aria-label={t("listTitle")}>
            {subscriptions.map((s) => (
              <li key={s.id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 wrap-anywhere">
                <h2 className="text-lg font-semibold">{s.name || s.id}</h2>
                <SubscriptionDetails s={s} />
                <Link
                  href={`/account/subscriptions/${s.id}`}
                  className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-2"
                >
                  {t("manage", { name: s.name || s.id })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
