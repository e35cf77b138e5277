import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { normalizePurchaseToken } from "@/lib/landing/purchase-token";
import { LandingView } from "./_components/landing-view";
import { singleParamOrRedirect } from "./query";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("landing") };
}

type Props = { searchParams: Promise<{ token?: string | string[] }> };

// The landing page. Microsoft opens PORTAL_URL + LANDING_PATH?token=…; proxy.ts rewrites that path here.
export default async function LandingPage({ searchParams }: Props) {
  const token = normalizePurchaseToken(await singleParamOrRedirect("token", (await searchParams).token, "/landing"));
  if (!token) redirect("/");
  return <LandingView token={token} />;
}
