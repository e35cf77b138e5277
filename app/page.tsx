import type { Metadata } from "next";
import Link from "next/link";
import { getEnv } from "@/lib/env";
import { getTranslations } from "next-intl/server";
import { normalizePurchaseToken } from "@/lib/landing/purchase-token";
import { LandingView } from "./landing/_components/landing-view";
import { singleParamOrRedirect } from "./landing/query";

export const dynamic = "force-dynamic";

// The root layout's title template applies to child segments only: this page, in the root segment, words it whole.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: { absolute: `${t("pages.landing")} · ${t("app.name")}` } };
}

type Props = { searchParams: Promise<{ token?: string | string[] }> };

// `/` is Microsoft's default landing URL: with ?token= it is the landing page, without it the home page.
export default async function HomePage({ searchParams }: Props) {
  const token = normalizePurchaseToken(await singleParamOrRedirect("token", (await searchParams).token, "/"));
  if (token) return <LandingView token={token} />;
  const t = await getTranslations("home");
  const env = getEnv();
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="max-w-2xl text-slate-700">{t("intro")}</p>
        <p className="max-w-2xl text-slate-700">{t("howTo")}</p>
      </section>
      {env.simulator.pagesUrl ? (
        <section aria-labelledby="local-mode" className="rounded-lg border border-amber-300 bg-amber-50 p-5">
          <h2 id="local-mode" className="font-semibold text-amber-900">
            {t("localTitle")}
          </h2>
          <p className="mt-1 text-amber-900">{t("localText")}</p>
          <a
            href={`${env.simulator.pagesUrl}/marketplace`}
            className="mt-3 inline-block font-medium text-amber-900 underline underline-offset-2"
          >
            {t("localLink")}
          </a>
        </section>
      ) : null}
      <p className="text-sm text-slate-600">
        <Link href="/admin" className="underline underline-offset-2">
          {t("staff")}
        </Link>
      </p>
    </div>
  );
}
