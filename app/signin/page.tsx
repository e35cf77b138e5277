import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { pageParams } from "@/lib/http/page-params";
import type { RawSearchParams } from "@/lib/http/query";
import { SignInButton } from "./sign-in-button";

const FAILURES = ["OAuthCallback", "OAuthSignin", "AccessDenied", "SessionRequired"] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages"))("signin") };
}

type Props = { searchParams: Promise<RawSearchParams> };

export default async function SignInPage({ searchParams }: Props) {
  const t = await getTranslations("signin");
  const { callbackUrl, error } = await pageParams(searchParams, "/signin", ["callbackUrl", "error"]);
  // next-auth's error codes we have words for; any other value gets the default message.
  const failed = error ? t(`failed.${FAILURES.find((code) => code === error) ?? "default"}`) : null;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {failed ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {failed}
        </p>
      ) : null}
      <p className="text-slate-700">{t("intro")}</p>
      <SignInButton callbackUrl={safeCallbackUrl(callbackUrl)} label={t("button")} />
    </div>
  );
}
