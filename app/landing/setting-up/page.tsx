import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { isGuid } from "@/lib/domain/ids";
import { provisioningViewFor } from "@/lib/landing/provisioning-view";
import { LandingMessages } from "../_components/landing-messages";
import { SettingUp } from "../_components/setting-up";
import { singleParamOrRedirect } from "../query";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("settingUp") };
}

type Props = { searchParams: Promise<{ subscription?: string | string[] }> };

// After confirming with the provisioning gate on: shown to whoever may see the subscription (as the done page).
export default async function SettingUpPage({ searchParams }: Props) {
  const id = await singleParamOrRedirect("subscription", (await searchParams).subscription, "/landing/setting-up");
  const self = `/landing/setting-up?subscription=${encodeURIComponent(id ?? "")}`;
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(self)}`);
  if (!id || !isGuid(id)) notFound();
  const view = await provisioningViewFor(user, id);
  if (!view) notFound();
  if (view.state === "active") redirect(`/landing/done?subscription=${encodeURIComponent(id)}`);
  return (
    <LandingMessages>
      <SettingUp subscriptionId={id} initial={view} />
    </LandingMessages>
  );
}
